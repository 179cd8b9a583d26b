// Finds the config drive a virtual-media boot brings (the CD itself: an ISO9660 volume labelled
// config-2) and reads its openstack/latest/network_data.json. Only removable media count (CD
// drives, virtual USB sticks): a deployed disk also carries a config-2 partition, the instance's,
// and its network plan must never be mistaken for the ramdisk's on a later PXE boot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './exec.js';

export const CONFIG_DRIVE_LABEL = 'config-2';
const SYS_BLOCK = process.env.TYR_AGENT_SYS_BLOCK ?? '/sys/class/block';
const DEV = process.env.TYR_AGENT_DEV_DIR ?? '/dev';
/** The ISO9660 primary volume descriptor: sector 16 of 2048 bytes; its volume id is 32 bytes at offset 40. */
const PVD_OFFSET = 16 * 2048;

/** The ISO9660 volume label of a device or image file, or null when it is not ISO9660 (or unreadable). */
export function iso9660Label(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const pvd = Buffer.alloc(72);
    if (fs.readSync(fd, pvd, 0, pvd.length, PVD_OFFSET) < pvd.length) return null;
    if (pvd[0] !== 1 || pvd.toString('latin1', 1, 6) !== 'CD001') return null;
    return pvd.toString('latin1', 40, 72).trim();
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isRemovable(sysBlock: string, name: string): boolean {
  if (/^sr\d+$/.test(name)) return true;
  try {
    return fs.readFileSync(path.join(sysBlock, name, 'removable'), 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** The device of a removable config-2 volume, or null. */
export function findConfigDrive(sysBlock = SYS_BLOCK, dev = DEV): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(sysBlock).sort();
  } catch {
    return null;
  }
  for (const name of names) {
    if (!isRemovable(sysBlock, name)) continue;
    const file = path.join(dev, name);
    if (iso9660Label(file) === CONFIG_DRIVE_LABEL) return file;
  }
  return null;
}

/** network_data.json of the config drive on `device` (mounted read-only, then unmounted), or null when it has none. */
export async function readConfigDriveNetworkData(device: string): Promise<unknown> {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'config-2-'));
  try {
    await run('mount', ['-t', 'iso9660', '-o', 'ro', device, mnt], 30_000);
    try {
      const file = path.join(mnt, 'openstack', 'latest', 'network_data.json');
      if (!fs.existsSync(file)) return null;
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } finally {
      // Unmounted at once, so that the conductor's eject finds the CD free.
      await run('umount', [mnt], 30_000);
    }
  } finally {
    fs.rmSync(mnt, { recursive: true, force: true });
  }
}
