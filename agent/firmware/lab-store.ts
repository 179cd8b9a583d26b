// TEST-ONLY: where the lab's firmware and BIOS stores keep their JSON documents. Enabled by
// TYR_AGENT_LAB_HWOPS_DIR (tests on a host) or by the tyr-lab-hwops ramdisk element's
// /etc/tyr-agent/lab-hwops; either names a directory or `disk:<device or file>`.
// With a disk, each store is a 64 KiB region 2 MiB before the device's end (past the images a
// lab deploy writes, outside the last MiB that erase_devices_metadata wipes), so the versions
// "flashed" live on the VM's disk and a test reads them from the disk file on the host.
import fs from 'node:fs';
import path from 'node:path';
import { deviceSize } from '../image/disks.js';

export const LAB_MARKER = '/etc/tyr-agent/lab-hwops';
const MAGIC = Buffer.from('TYRLAB01');
const REGION = 64 * 1024;
/** Region of each store, counted back from the end of the disk. */
export const LAB_REGIONS: Record<string, number> = { firmware: 2 * 1024 * 1024, nvram: 2 * 1024 * 1024 - REGION };

type Location = { dir: string } | { disk: string };

export function labStoreLocation(): Location | null {
  const env = process.env.TYR_AGENT_LAB_HWOPS_DIR;
  if (!env && !fs.existsSync(LAB_MARKER)) return null;
  const where = env || fs.readFileSync(LAB_MARKER, 'utf8').trim() || '/var/lib/tyr-lab';
  return where.startsWith('disk:') ? { disk: where.slice(5) } : { dir: where };
}

/** Encodes a document as the disk region holds it: magic, 4-byte length, JSON. */
export function encodeRegion(data: Record<string, unknown>): Buffer {
  const json = Buffer.from(JSON.stringify(data));
  if (json.length + 12 > REGION) throw new Error(`lab store document of ${json.length} bytes does not fit ${REGION}`);
  const head = Buffer.alloc(12);
  MAGIC.copy(head);
  head.writeUInt32LE(json.length, 8);
  return Buffer.concat([head, json]);
}

export function decodeRegion(buf: Buffer): Record<string, unknown> {
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) return {};
  const n = buf.readUInt32LE(8);
  try {
    return JSON.parse(buf.subarray(12, 12 + n).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function readLabStore(name: 'firmware' | 'nvram'): Record<string, unknown> {
  const at = labStoreLocation();
  if (!at) return {};
  try {
    if ('dir' in at) return JSON.parse(fs.readFileSync(path.join(at.dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
    const fd = fs.openSync(at.disk, 'r');
    try {
      const buf = Buffer.alloc(REGION);
      fs.readSync(fd, buf, 0, REGION, deviceSize(at.disk) - LAB_REGIONS[name]!);
      return decodeRegion(buf);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return {};
  }
}

export function writeLabStore(name: 'firmware' | 'nvram', data: Record<string, unknown>): void {
  const at = labStoreLocation();
  if (!at) throw new Error('the lab stores are not enabled on this machine');
  if ('dir' in at) {
    const file = path.join(at.dir, `${name}.json`);
    fs.mkdirSync(at.dir, { recursive: true });
    fs.writeFileSync(`${file}.new`, `${JSON.stringify(data, null, 1)}\n`);
    fs.renameSync(`${file}.new`, file);
    return;
  }
  const region = Buffer.alloc(REGION);
  encodeRegion(data).copy(region);
  const fd = fs.openSync(at.disk, 'r+');
  try {
    fs.writeSync(fd, region, 0, REGION, deviceSize(at.disk) - LAB_REGIONS[name]!);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
