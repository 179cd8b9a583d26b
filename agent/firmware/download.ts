// Downloads a firmware file to the ramdisk's /tmp and checks its checksum ("sha256:<hex>",
// "sha512:<hex>", "md5:<hex>", or a bare hex digest whose length names the algorithm) before
// anything runs it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { streamImage } from '../image/http-stream.js';

const BY_LENGTH: Record<number, string> = { 32: 'md5', 64: 'sha256', 128: 'sha512' };

export function parseChecksum(raw: string): { algo: string; hex: string } {
  const m = /^(?:(md5|sha256|sha512):)?([0-9a-fA-F]+)$/.exec(raw.trim());
  const algo = m ? (m[1] ?? BY_LENGTH[m[2]!.length]) : undefined;
  if (!m || !algo || BY_LENGTH[m[2]!.length] !== algo) {
    throw new Error(`checksum ${JSON.stringify(raw)} is not "sha256:<64 hex>", "sha512:<128 hex>" or "md5:<32 hex>"`);
  }
  return { algo, hex: m[2]!.toLowerCase() };
}

export async function downloadVerified(url: string, checksum: string, component: string): Promise<string> {
  const { algo, hex } = parseChecksum(checksum);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-fw-'));
  const file = path.join(dir, path.basename(new URL(url).pathname) || `${component}.bin`);
  const hash = createHash(algo);
  const fd = fs.openSync(file, 'w');
  try {
    await streamImage([url], async (chunk) => {
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    });
  } finally {
    fs.closeSync(fd);
  }
  const got = hash.digest('hex');
  if (got !== hex) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`firmware for ${component} from ${url}: ${algo} is ${got}, expected ${hex}; nothing was flashed`);
  }
  return file;
}
