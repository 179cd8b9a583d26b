// Reads a byte range of a disk image or block device: tests compare what was written.
import fs from 'node:fs';

/** `length` bytes of `device` from `offset`. */
export function readBytes(device: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(device, 'r');
  try {
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, offset);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}
