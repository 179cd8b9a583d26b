// Downloads a firmware file to the ramdisk's /tmp and checks its checksum ("sha256:<hex>",
// "sha512:<hex>", "md5:<hex>", or a bare hex digest whose length names the algorithm) before
// anything runs it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { streamImage } from '../image/http-stream.js';
import { parseChecksum } from '../../protocol/firmware-images.js';

export { parseChecksum };

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
