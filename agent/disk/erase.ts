// The erase clean steps. erase_devices_metadata: every partition's signatures (wipefs -a), then
// the first and last MiB of every disk (partition tables, GPT backup, RAID/LVM/file-system
// signatures at either end). erase_devices: zeroes every disk from end to end, with progress.
import fs from 'node:fs';
import path from 'node:path';
import { progressReporter, type Activity } from '../activity.js';
import { run } from '../exec.js';
import { BLOCK, wipeEnds } from '../image/wipe.js';
import { deviceSize, writableDisks } from '../image/disks.js';
import { listDir } from '../inventory/sysfs.js';
import { log } from '../log.js';

/** /dev/<partition> for each partition the kernel knows on a block device. */
export function partitionsOf(device: string): string[] {
  let name: string;
  try {
    if (!fs.statSync(device).isBlockDevice()) return [];
    name = path.basename(fs.realpathSync(device));
  } catch {
    return [];
  }
  return listDir(`/sys/class/block/${name}`)
    .filter((entry) => fs.existsSync(`/sys/class/block/${name}/${entry}/partition`))
    .map((entry) => `/dev/${entry}`);
}

async function diskNames(): Promise<string[]> {
  const disks = await writableDisks();
  if (disks.length === 0) throw new Error('no disks to erase');
  return disks.map((d) => d.name);
}

export async function eraseDevicesMetadata(): Promise<{ erased: string[] }> {
  const erased: string[] = [];
  for (const disk of await diskNames()) {
    for (const part of partitionsOf(disk)) {
      await run('wipefs', ['--all', '--force', part], 120_000);
    }
    await wipeEnds(disk, deviceSize(disk));
    // Best effort: tell the kernel the partitions are gone (a file or busy disk may refuse).
    if (partitionsOf(disk).length > 0) await run('blockdev', ['--rereadpt', disk]).catch(() => undefined);
    log.info(`erase_devices_metadata: ${disk} has no partition table or signatures left`);
    erased.push(disk);
  }
  return { erased };
}

async function zeroWhole(device: string, report: (written: number) => void): Promise<number> {
  const size = deviceSize(device);
  const fh = await fs.promises.open(device, 'r+');
  try {
    const zeros = Buffer.alloc(BLOCK);
    for (let at = 0; at < size;) {
      const n = Math.min(BLOCK, size - at);
      const { bytesWritten } = await fh.write(zeros, 0, n, at);
      at += bytesWritten;
      if (at % (64 * BLOCK) === 0 || at === size) report(at);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return size;
}

export async function eraseDevices(activity: Activity): Promise<{ erased: string[]; bytes: number }> {
  const disks = await diskNames();
  const total = disks.reduce((sum, d) => sum + deviceSize(d), 0);
  const report = progressReporter('erase_devices', total, activity);
  let done = 0;
  for (const disk of disks) {
    log.info(`erase_devices: zeroing all of ${disk}`);
    const base = done;
    done += await zeroWhole(disk, (written) => report(base + written));
  }
  return { erased: disks, bytes: done };
}
