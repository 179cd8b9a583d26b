// qcow2: download to a scratch file (hashed on the way), inspect it with qemu-img, refuse a
// backing file (it could name any file in the ramdisk, or another disk), then convert to raw
// straight onto the device. TYR_AGENT_SCRATCH_DIR (default /tmp, the ramdisk's RAM) holds it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';
import { ImageFormatError, ImageTooLargeError } from './errors.js';
import { streamImage } from './http-stream.js';
import { checkDigest, type RawWrite } from './raw.js';

/** The same request as a raw write; only the way the bytes reach the device differs. */
export type Qcow2Write = RawWrite;

interface QemuImgInfo {
  format?: string;
  'virtual-size'?: number;
  'backing-filename'?: string;
  'full-backing-filename'?: string;
  'backing-filename-format'?: string;
  'data-file'?: string;
  'format-specific'?: { data?: { 'data-file'?: string } };
}

/** The checks qemu-img info's answer must pass before the image goes anywhere near a disk. */
export function checkQcow2Info(info: QemuImgInfo, device: string, capacity: number): number {
  if (info.format !== 'qcow2') throw new ImageFormatError(`refused: image_info says qcow2 but qemu-img sees format ${info.format ?? 'unknown'}`);
  const backing = info['backing-filename'] ?? info['full-backing-filename'] ?? info['backing-filename-format'];
  if (backing !== undefined) throw new ImageFormatError(`refused: image has a backing file (${backing})`);
  const dataFile = info['data-file'] ?? info['format-specific']?.data?.['data-file'];
  if (dataFile !== undefined) throw new ImageFormatError(`refused: image has an external data file (${dataFile})`);
  const size = info['virtual-size'];
  if (typeof size !== 'number') throw new ImageFormatError('qemu-img info reported no virtual size');
  if (size > capacity) throw new ImageTooLargeError(`image is ${size} bytes (qcow2 virtual size), ${device} holds ${capacity}`);
  return size;
}

export async function writeQcow2(w: Qcow2Write): Promise<{ bytes: number; url: string; digest: string }> {
  const dir = fs.mkdtempSync(path.join(process.env.TYR_AGENT_SCRATCH_DIR ?? '/tmp', 'tyr-image-'));
  const scratch = path.join(dir, 'image.qcow2');
  try {
    const hash = createHash(w.hashAlgo);
    const out = fs.createWriteStream(scratch);
    let downloaded = 0;
    const got = await streamImage(w.urls, async (chunk) => {
      hash.update(chunk);
      downloaded += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }, w.stream);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const digest = hash.digest('hex');
    checkDigest(w.hashAlgo, w.hashValue, digest, got.url);
    // -f qcow2: never let qemu-img probe the format of untrusted data.
    const info = JSON.parse((await run('qemu-img', ['info', '-f', 'qcow2', '--output=json', scratch], 60_000)).stdout) as QemuImgInfo;
    const size = checkQcow2Info(info, w.device, w.capacity);
    w.onProgress?.(0);
    // -n: write into the existing device (never create or truncate); -t none: O_DIRECT, no cache.
    await run('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', '-t', 'none', '-n', scratch, w.device], 6 * 3600_000);
    const fd = fs.openSync(w.device, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    w.onProgress?.(size);
    return { bytes: size, url: got.url, digest };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
