// The config drive: a 64 MiB partition at the end of the disk, after the image, holding the ISO
// (whose volume label config-2 is what cloud-init looks for). GPT: sgdisk moves the backup GPT
// to the real end of the disk first (the image's ends where the image did); MBR: sfdisk appends.
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { run } from '../exec.js';
import { partitionName } from './disks.js';
import { ConfigDriveError } from './errors.js';
import { partitionNumber, readPartitionTable, rereadPartitions } from './partition-table.js';

const MiB = 2 ** 20;
export const CONFIGDRIVE_BYTES = 64 * MiB;
const SECTOR = 512;
/** GPT keeps its backup header and table in the last 33 sectors. */
const GPT_BACKUP_SECTORS = 33;

/** gzip+base64 (IPA's form) or plain base64 of an ISO → the ISO bytes, checked for its signature. */
export function decodeConfigDrive(blob: string): Buffer {
  const raw = Buffer.from(blob, 'base64');
  let iso: Buffer;
  try {
    iso = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  } catch (err) {
    throw new ConfigDriveError(`configdrive is not valid gzip: ${(err as Error).message}`);
  }
  if (iso.length < 0x8006 || iso.subarray(0x8001, 0x8006).toString('latin1') !== 'CD001') {
    throw new ConfigDriveError('configdrive is not an ISO9660 image (no CD001 signature at 32 KiB)');
  }
  if (iso.length > CONFIGDRIVE_BYTES)
    throw new ConfigDriveError(`configdrive is ${iso.length} bytes; the partition holds ${CONFIGDRIVE_BYTES}`);
  return iso;
}

/** Writes the ISO into a new last partition; returns its device name. */
export async function writeConfigDrive(device: string, size: number, imageBytes: number, blob: string): Promise<string> {
  const iso = decodeConfigDrive(blob);
  const table = await readPartitionTable(device);
  if (!table || (table.label !== 'gpt' && table.label !== 'dos')) {
    throw new ConfigDriveError(`cannot add a config drive: the image on ${device} has no GPT or MBR partition table`);
  }
  const sectors = Math.floor(size / SECTOR);
  const usableEnd = table.label === 'gpt' ? sectors - GPT_BACKUP_SECTORS : sectors; // exclusive
  const start = Math.floor((usableEnd - CONFIGDRIVE_BYTES / SECTOR) / 2048) * 2048;
  const used = Math.max(imageBytes / SECTOR, ...(table.partitions ?? []).map((p) => p.start + p.size));
  if (start < used)
    throw new ConfigDriveError(
      `no room for a 64 MiB config drive on ${device}: the image ends at byte ${used * SECTOR}, the disk holds ${size}`,
    );
  const number = Math.max(0, ...(table.partitions ?? []).map((p) => partitionNumber(p.node))) + 1;
  if (table.label === 'gpt') {
    await run('sgdisk', ['-e', device]);
    await run('sgdisk', ['-n', `${number}:${start}:${usableEnd - 1}`, '-t', `${number}:0700`, '-c', `${number}:config-2`, device]);
  } else {
    if (number > 4) throw new ConfigDriveError(`cannot add a config drive: the MBR on ${device} has no free primary partition`);
    await run('sh', [
      '-c',
      'echo "$1" | sfdisk --no-reread --no-tell-kernel --append "$2"',
      'sh',
      `start=${start}, size=${usableEnd - start}, type=83`,
      device,
    ]);
  }
  // Write through the whole device at the partition's offset: works for files and loop devices
  // without partition nodes, and does not wait for the kernel to re-read the table.
  const fd = fs.openSync(device, 'r+');
  try {
    fs.writeSync(fd, iso, 0, iso.length, start * SECTOR);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  await rereadPartitions(device);
  return partitionName(device, number);
}
