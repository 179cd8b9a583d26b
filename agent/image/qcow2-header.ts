// The first bytes of a qcow2 file (QEMU's docs/interop/qcow2.txt): the magic "QFI\xfb" and,
// at byte 24, the virtual size. Read while the image is still downloading, so an image that
// cannot fit the disk is refused after 32 bytes instead of after the whole download. qemu-img
// info checks the complete file again (and refuses backing files, naming them).
import { ImageFormatError, ImageTooLargeError } from './errors.js';

export const QCOW2_HEADER_BYTES = 32;
const MAGIC = 0x514649fb;

export function checkQcow2Header(header: Buffer, url: string, device: string, capacity: number): number {
  if (header.length < QCOW2_HEADER_BYTES || header.readUInt32BE(0) !== MAGIC) {
    throw new ImageFormatError(`refused: image_info says qcow2 but ${url} does not start with the qcow2 magic`);
  }
  const virtualSize = Number(header.readBigUInt64BE(24));
  if (virtualSize > capacity) {
    throw new ImageTooLargeError(`image at ${url} is ${virtualSize} bytes (qcow2 virtual size), ${device} holds ${capacity}`);
  }
  return virtualSize;
}
