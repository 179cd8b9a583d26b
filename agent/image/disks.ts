// The disks the agent may write, and a device's size. TYR_AGENT_DISKS (TEST-ONLY) replaces the
// machine's disk list with the given comma-separated paths — loop devices or plain files — so
// that tests on a host can never touch the host's own disks.
import fs from 'node:fs';
import path from 'node:path';
import { collectDisks } from '../inventory/disks.js';
import { readText } from '../inventory/sysfs.js';
import type { DiskInfo } from '../../protocol/agent-wire.js';

function sysBlockDir(device: string): string | null {
  try {
    const name = path.basename(fs.realpathSync(device));
    return fs.existsSync(`/sys/class/block/${name}`) ? `/sys/class/block/${name}` : null;
  } catch {
    return null;
  }
}

/** Bytes a block device or file holds. */
export function deviceSize(device: string): number {
  const stat = fs.statSync(device);
  if (!stat.isBlockDevice()) return stat.size;
  const dir = sysBlockDir(device);
  const sectors = dir ? Number(readText(`${dir}/size`)) : NaN;
  if (!Number.isFinite(sectors)) throw new Error(`cannot read the size of ${device} from sysfs`);
  return sectors * 512;
}

function describeOverride(device: string): DiskInfo {
  const dir = sysBlockDir(device);
  return {
    name: device,
    model: dir ? readText(`${dir}/device/model`) : null,
    size: deviceSize(device),
    rotational: dir ? readText(`${dir}/queue/rotational`) === '1' : false,
    wwn: dir ? readText(`${dir}/wwid`) : null,
    serial: dir ? readText(`${dir}/serial`) : null,
    vendor: dir ? readText(`${dir}/device/vendor`) : null,
    by_path: null,
  };
}

export function diskOverride(): string[] | null {
  const list = process.env.TYR_AGENT_DISKS;
  return list
    ? list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

export async function writableDisks(): Promise<DiskInfo[]> {
  const override = diskOverride();
  return override ? override.map(describeOverride) : collectDisks();
}

/** The partition's device name: /dev/vda → /dev/vda2, /dev/nvme0n1 and /dev/loop0 → …p2. */
export function partitionName(device: string, n: number): string {
  return /\d$/.test(device) ? `${device}p${n}` : `${device}${n}`;
}
