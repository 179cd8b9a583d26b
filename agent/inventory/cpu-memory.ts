// CPU and memory, from systeminformation (it reads /proc/cpuinfo, lscpu, /proc/meminfo and
// dmidecode where present), with Node's own view as the fallback a bare ramdisk still has.
import os from 'node:os';
import si from 'systeminformation';
import type { CpuInfo, MemoryInfo } from '../protocol-types.js';

const MiB = 1024 * 1024;

export async function collectCpu(): Promise<CpuInfo> {
  const [cpu, flags] = await Promise.all([si.cpu(), si.cpuFlags().catch(() => '')]);
  const nodeCpus = os.cpus();
  const ghz = cpu.speedMax || cpu.speed;
  const model = [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim();
  return {
    model_name: model || nodeCpus[0]?.model || 'unknown',
    // IPA reports MHz as a string.
    frequency: ghz ? String(Math.round(ghz * 1000)) : String(nodeCpus[0]?.speed ?? 0),
    count: cpu.cores || nodeCpus.length,
    architecture: os.machine(),
    flags: (flags || cpu.flags || '').split(/\s+/).filter(Boolean),
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
