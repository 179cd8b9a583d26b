// qcow2: download to a scratch file (hashed on the way), inspect it with qemu-img, refuse a
// backing file (it could name any file in the ramdisk, or another disk), then convert to raw
// straight onto the device. qcow2 cannot be converted as a stream (its tables point anywhere in
// the file), so the file is held in TYR_AGENT_SCRATCH_DIR (default /tmp: the ramdisk's RAM). So
// that a large image fails with a clear message rather than by exhausting the machine's memory,
// its size is checked against the scratch space's free bytes before the download (the announced
// Content-Length) and as it arrives, and its virtual size against the disk from its header on.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';
import { ImageFormatError, ImageTooLargeError } from './errors.js';
import { checkQcow2Header, QCOW2_HEADER_BYTES } from './qcow2-header.js';
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
  if (info.format !== 'qcow2')
    throw new ImageFormatError(`refused: image_info says qcow2 but qemu-img sees format ${info.format ?? 'unknown'}`);
  const backing = info['backing-filename'] ?? info['full-backing-filename'] ?? info['backing-filename-format'];
  if (backing !== undefined) throw new ImageFormatError(`refused: image has a backing file (${backing})`);
  const dataFile = info['data-file'] ?? info['format-specific']?.data?.['data-file'];
  if (dataFile !== undefined) throw new ImageFormatError(`refused: image has an external data file (${dataFile})`);
  const size = info['virtual-size'];
  if (typeof size !== 'number') throw new ImageFormatError('qemu-img info reported no virtual size');
  if (size > capacity) throw new ImageTooLargeError(`image is ${size} bytes (qcow2 virtual size), ${device} holds ${capacity}`);
  return size;
}

/** Left free in the scratch space: the agent and the tools it runs need memory too. */
const SCRATCH_RESERVE = 64 * 2 ** 20;

/** Bytes the scratch file may take: the free space of its file system, less the reserve. */
export function scratchRoom(dir: string): number {
  const fsStat = fs.statfsSync(dir);
  return Math.max(0, fsStat.bavail * fsStat.bsize - SCRATCH_RESERVE);
}

function tooLargeForScratch(bytes: number, known: boolean, room: number, dir: string, urls: string[]): ImageTooLargeError {
  const size = known ? `is ${bytes} bytes` : `is over ${bytes} bytes`;
  return new ImageTooLargeError(
    `qcow2 image at ${urls.join(', ')} ${size}, more than the ${room} bytes free for it in ${dir} (the ramdisk's memory holds it while it is converted); use a raw image, which is streamed to the disk, or a machine with more memory`,
  );
}

export async function writeQcow2(w: Qcow2Write): Promise<{ bytes: number; url: string; digest: string }> {
  const scratchDir = process.env.TYR_AGENT_SCRATCH_DIR ?? '/tmp';
  const dir = fs.mkdtempSync(path.join(scratchDir, 'tyr-image-'));
  const scratch = path.join(dir, 'image.qcow2');
  // Closed on every path: a failed download must not keep the deleted file's memory in use.
  const out = fs.createWriteStream(scratch);
  try {
    const room = scratchRoom(dir);
    const hash = createHash(w.hashAlgo);
    let downloaded = 0;
    let header: Buffer | null = Buffer.alloc(0);
    const got = await streamImage(
      w.urls,
      async (chunk) => {
        if (downloaded + chunk.length > room) throw tooLargeForScratch(downloaded + chunk.length, false, room, scratchDir, w.urls);
        if (header) {
          header = Buffer.concat([header, chunk]);
          if (header.length >= QCOW2_HEADER_BYTES) {
            checkQcow2Header(header, w.urls.join(', '), w.device, w.capacity);
            header = null;
          }
        }
        hash.update(chunk);
        downloaded += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      },
      {
        ...w.stream,
        onSize: (bytes) => {
          if (bytes > room) throw tooLargeForScratch(bytes, true, room, scratchDir, w.urls);
        },
      },
    );
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (header) throw new ImageFormatError(`refused: image_info says qcow2 but ${got.url} is only ${downloaded} bytes long`);
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
    if (!out.closed) await new Promise<void>((resolve) => out.destroy().once('close', () => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
