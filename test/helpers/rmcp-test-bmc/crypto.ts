// The cipher suites the test BMC accepts (IPMI 2.0 table 22-20) and their keys (§13.28–13.32):
// RAKP HMACs keyed by the user's password, SIK keyed by Kg (the password when the BMC has no
// Kg), K1 signing every packet, K2's first 16 bytes for AES-CBC-128 (§13.29).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface TestSuite {
  id: number;
  hash: 'sha1' | 'sha256';
  /** RMCP+ algorithm numbers as Open Session carries them (§13.28). */
  auth: number;
  integrity: number;
  confidentiality: number;
  /** Length of the RAKP 4 ICV and of each packet's AuthCode: 12 (HMAC-SHA1-96) or 16 (HMAC-SHA256-128). */
  icvLength: number;
}

export const TEST_SUITES: readonly TestSuite[] = [
  { id: 3, hash: 'sha1', auth: 0x01, integrity: 0x01, confidentiality: 0x01, icvLength: 12 },
  { id: 17, hash: 'sha256', auth: 0x03, integrity: 0x04, confidentiality: 0x01, icvLength: 16 },
];

export function hmacOf(suite: TestSuite, key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac(suite.hash, key);
  for (const part of parts) h.update(part);
  return h.digest();
}

/**
 * K1 or K2 (§13.32): HMAC_SIK over Const n, which the spec defines as 20 bytes of n whatever the
 * hash (the constants predate SHA-256), so suite 17 hashes 20 bytes too, as ipmitool does.
 */
export function additionalKey(suite: TestSuite, sik: Buffer, n: 1 | 2): Buffer {
  return hmacOf(suite, sik, Buffer.alloc(20, n));
}

/** §13.29: IV, then data + pad bytes 1, 2, 3… + pad length, encrypted as whole 16-byte blocks. */
export function encryptPayload(k2: Buffer, plain: Buffer): Buffer {
  const padLength = (16 - ((plain.length + 1) % 16)) % 16;
  const pad = Array.from({ length: padLength }, (_, i) => i + 1);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', k2.subarray(0, 16), iv).setAutoPadding(false);
  const body = Buffer.concat([plain, Buffer.from([...pad, padLength])]);
  return Buffer.concat([iv, cipher.update(body), cipher.final()]);
}

export function decryptPayload(k2: Buffer, payload: Buffer): Buffer | undefined {
  if (payload.length < 32 || payload.length % 16 !== 0) return undefined;
  const decipher = createDecipheriv('aes-128-cbc', k2.subarray(0, 16), payload.subarray(0, 16)).setAutoPadding(false);
  const body = Buffer.concat([decipher.update(payload.subarray(16)), decipher.final()]);
  const padLength = body[body.length - 1]!;
  if (padLength + 1 > body.length) return undefined;
  return body.subarray(0, body.length - 1 - padLength);
}
