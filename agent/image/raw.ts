// raw: HTTP → device, hashed on the fly, fsynced, then verified (agent/image/ring-writer.ts). Exported on its own so the
// benchmark measures exactly this path.
import { ImageChecksumError, ImageTooLargeError } from './errors.js';
import { streamImage, type StreamOptions } from './http-stream.js';
import type { HashAlgo } from './image-info.js';
import { RingWriter } from './ring-writer.js';

export interface RawWrite {
  urls: string[];
  device: string;
  capacity: number;
  hashAlgo: HashAlgo;
  hashValue: string;
  onProgress?: (written: number) => void;
  stream?: StreamOptions;
}

export function checkDigest(algo: HashAlgo, expected: string, actual: string, source: string): void {
  if (actual !== expected.toLowerCase()) {
    throw new ImageChecksumError(`checksum mismatch for ${source}: expected ${algo} ${expected.toLowerCase()}, got ${actual}`);
  }
}

/** Refuses an image known to be bigger than the device, before writing anything. */
export function checkSize(size: number | null, device: string, capacity: number): void {
  if (size !== null && size > capacity) throw new ImageTooLargeError(`image is ${size} bytes, ${device} holds ${capacity}`);
}

export async function writeRaw(w: RawWrite): Promise<{ bytes: number; url: string; digest: string }> {
  const writer = await RingWriter.open(w.device, w.capacity, w.hashAlgo);
  let lastReport = 0;
  try {
    const got = await streamImage(
      w.urls,
      async (chunk) => {
        await writer.write(chunk);
        if (w.onProgress && writer.accepted - lastReport >= 16 * 2 ** 20) {
          lastReport = writer.accepted;
          w.onProgress(writer.accepted);
        }
      },
      { ...w.stream, onSize: (size) => checkSize(size, w.device, w.capacity) },
    );
    const { bytes, digest } = await writer.finish();
    w.onProgress?.(bytes);
    checkDigest(w.hashAlgo, w.hashValue, digest, got.url);
    return { bytes, url: got.url, digest };
  } finally {
    await writer.close();
  }
}
