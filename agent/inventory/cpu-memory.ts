// CPU and memory, from systeminformation (it reads /proc/cpuinfo, lscpu, /proc/meminfo and
// dmidecode where present), with Node's own view as the fallback a bare ramdisk still has.
import os from 'node:os';
import si from 'systeminformation';
import type { CpuInfo, MemoryInfo } from '../../protocol/agent-wire.js';
import { readText } from './sysfs.js';

const MiB = 1024 * 1024;

/** The first processor's block of /proc/cpuinfo: what si misses without lscpu (busybox ramdisk). */
export function parseCpuinfo(text: string): { mhz: number | null; flags: string[] } {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1];
  const mhz = Number(field('cpu MHz'));
  return { mhz: Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz) : null, flags: (field('flags') ?? '').split(/\s+/).filter(Boolean) };
}

export async function collectCpu(): Promise<CpuInfo> {
  const [cpu, siFlags] = await Promise.all([si.cpu(), si.cpuFlags().catch(() => '')]);
  const proc = parseCpuinfo(readText('/proc/cpuinfo') ?? '');
  const nodeCpus = os.cpus();
  const ghz = cpu.speedMax || cpu.speed;
  const model = [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim();
  const flags = (siFlags || cpu.flags || '').split(/\s+/).filter(Boolean);
  return {
    model_name: model || nodeCpus[0]?.model || 'unknown',
    // IPA reports MHz as a string.
    frequency: String(ghz ? Math.round(ghz * 1000) : (proc.mhz ?? nodeCpus[0]?.speed ?? 0)),
    count: cpu.cores || nodeCpus.length,
    architecture: os.machine(),
    flags: flags.length > 0 ? flags : proc.flags,
  };
}

export async function collectMemory(): Promise<MemoryInfo> {
  const [mem, layout] = await Promise.all([si.mem(), si.memLayout().catch(() => [])]);
  const total = mem.total || os.totalmem();
  // Installed DIMMs (dmidecode) when readable; the kernel's total (a bit less: it excludes
  // firmware-reserved memory) otherwise.
  const dimmBytes = layout.reduce((sum, dimm) => sum + (dimm.size || 0), 0);
  return { total, physical_mb: Math.ceil((dimmBytes || total) / MiB) };
}
