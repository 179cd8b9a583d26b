// Zeroing ranges of a block device, and the wipe that keeps a half-written disk from ever
// booting. (Images are written by ring-writer.ts.)
import fs from 'node:fs/promises';

export const BLOCK = 8 * 2 ** 20;
const MiB = 2 ** 20;

async function writeFully(fh: fs.FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done, position + done);
    done += bytesWritten;
  }
}

/** Zeroes [offset, offset+length) and fsyncs. */
export async function zeroRange(device: string, offset: number, length: number): Promise<void> {
  const fh = await fs.open(device, 'r+');
  try {
    const zeros = Buffer.alloc(Math.min(length, BLOCK));
    for (let done = 0; done < length;) {
      const n = Math.min(zeros.length, length - done);
      await writeFully(fh, zeros, n, offset + done);
      done += n;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Zeroes the first and last MiB: the MBR/GPT header and the GPT backup, and the signatures of a
 * file system or RAID member at either end. The disk then has no partition table to boot from.
 */
export async function wipeEnds(device: string, size: number): Promise<void> {
  const head = Math.min(MiB, size);
  await zeroRange(device, 0, head);
  if (size > head) {
    const tail = Math.min(MiB, size - head);
    await zeroRange(device, size - tail, tail);
  }
}
