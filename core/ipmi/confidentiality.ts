// AES-CBC-128 payload confidentiality (IPMI 2.0 §13.29): a fresh random IV per packet, then the
// payload, pad bytes 1, 2, 3 … and the pad length, encrypted with the first 16 bytes of K2.
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

const BLOCK = 16;

export class AesCbc128 {
  private readonly key: Buffer;

  constructor(k2: Buffer) {
    this.key = Buffer.from(k2.subarray(0, BLOCK));
  }

  encrypt(plain: Buffer): Buffer {
    const padLength = (BLOCK - ((plain.length + 1) % BLOCK)) % BLOCK;
    const body = Buffer.allocUnsafe(plain.length + padLength + 1);
    plain.copy(body, 0);
    for (let i = 1; i <= padLength; i++) body[plain.length + i - 1] = i;
    body[body.length - 1] = padLength;
    const out = Buffer.allocUnsafe(BLOCK + body.length);
    randomFillSync(out, 0, BLOCK);
    const cipher = createCipheriv('aes-128-cbc', this.key, out.subarray(0, BLOCK)).setAutoPadding(false);
    const a = cipher.update(body);
    a.copy(out, BLOCK);
    cipher.final();
    return out;
  }

  /** The plain payload, or undefined when the length or the pad is wrong (garbage, wrong key). */
  decrypt(payload: Buffer): Buffer | undefined {
    if (payload.length < 2 * BLOCK || payload.length % BLOCK !== 0) return undefined;
    const decipher = createDecipheriv('aes-128-cbc', this.key, payload.subarray(0, BLOCK)).setAutoPadding(false);
    const body = Buffer.concat([decipher.update(payload.subarray(BLOCK)), decipher.final()]);
    const padLength = body[body.length - 1]!;
    if (padLength >= BLOCK) return undefined;
    const end = body.length - 1 - padLength;
    for (let i = 1; i <= padLength; i++) if (body[end + i - 1] !== i) return undefined;
    return body.subarray(0, end);
  }
}
