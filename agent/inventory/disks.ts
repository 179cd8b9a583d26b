// Disks: /sys/block for the facts that matter to deploy (size, rotational, WWN, serial), with
// systeminformation's lsblk view filling the model/serial a sysfs attribute lacks.
import si from 'systeminformation';
import fs from 'node:fs';
import path from 'node:path';
import type { DiskInfo } from '../../protocol/agent-wire.js';
import { listDir, readText } from './sysfs.js';

// Not disks one would deploy to: loop/ram/zram devices, device-mapper, optical drives.
const SKIP = /^(loop|ram|zram|dm-|sr|fd)/;

function byPathLinks(dir = '/dev/disk/by-path'): Map<string, string> {
  const links = new Map<string, string>();
  for (const name of listDir(dir)) {
    try {
      links.set(path.basename(fs.realpathSync(`${dir}/${name}`)), `${dir}/${name}`);
    } catch {
      // A dangling link: the device went away.
    }
  }
  return links;
}

export function readSysBlock(root = '/sys/block', byPath = byPathLinks()): DiskInfo[] {
  const disks: DiskInfo[] = [];
  for (const name of listDir(root)) {
    if (SKIP.test(name)) continue;
    const dir = `${root}/${name}`;
    const sectors = Number(readText(`${dir}/size`) ?? 0);
    if (!sectors) continue; // empty card readers and the like
    disks.push({
      name: `/dev/${name}`,
      model: readText(`${dir}/device/model`),
      size: sectors * 512, // sysfs counts 512-byte sectors whatever the logical block size
      rotational: readText(`${dir}/queue/rotational`) === '1',
      wwn: readText(`${dir}/wwid`) ?? readText(`${dir}/device/wwid`),
      serial: readText(`${dir}/serial`) ?? readText(`${dir}/device/serial`),
      vendor: readText(`${dir}/device/vendor`),
      by_path: byPath.get(name) ?? null,
    });
  }
  return disks;
}

export async function collectDisks(): Promise<DiskInfo[]> {
  const disks = readSysBlock();
  const devices = await si.blockDevices().catch(() => []);
  for (const disk of disks) {
    const dev = devices.find((d) => `/dev/${d.name}` === disk.name);
    if (!dev) continue;
    disk.model ??= dev.model || null;
    disk.serial ??= dev.serial || null;
  }
  return disks;
}
