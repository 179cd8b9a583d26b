// The two cipher suites the native client speaks (IPMI 2.0 §22.15.2, table 22-20) and the key
// derivation of §13.31/§13.32: SIK from the BMC key Kg (the user's password when the BMC has none)
// and both random numbers, then K1 (integrity) and K2 (confidentiality) from the SIK.
import { createHmac } from 'node:crypto';

export type CipherSuiteId = 3 | 17;

export interface CipherSuite {
  id: CipherSuiteId;
  hash: 'sha1' | 'sha256';
  /** RMCP+ algorithm numbers, as the Open Session Request proposes them. */
  authAlgorithm: number;
  integrityAlgorithm: number;
  confidentialityAlgorithm: number;
  /** HMAC output length of the RAKP hash: 20 (SHA-1) or 32 (SHA-256). */
  hmacLength: number;
  /** Truncated length of the RAKP 4 integrity check value and of each packet's AuthCode. */
  icvLength: number;
}

export const CIPHER_SUITES: Readonly<Record<CipherSuiteId, CipherSuite>> = {
  // RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128
  3: { id: 3, hash: 'sha1', authAlgorithm: 0x01, integrityAlgorithm: 0x01, confidentialityAlgorithm: 0x01, hmacLength: 20, icvLength: 12 },
  // RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128
  17: {
    id: 17,
    hash: 'sha256',
    authAlgorithm: 0x03,
    integrityAlgorithm: 0x04,
    confidentialityAlgorithm: 0x01,
    hmacLength: 32,
    icvLength: 16,
  },
};

/** Strongest first: what the client proposes when the target names no suite. */
export const NEGOTIATION_ORDER: readonly CipherSuiteId[] = [17, 3];

export function isNativeSuite(id: number): id is CipherSuiteId {
  return id === 3 || id === 17;
}

export function hmac(suite: CipherSuite, key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac(suite.hash, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** §13.31: SIK = HMAC_Kg(Rm | Rc | RoleM | ULengthM | UNameM). */
export function deriveSik(suite: CipherSuite, kg: Buffer, rm: Buffer, rc: Buffer, role: number, username: Buffer): Buffer {
  return hmac(suite, kg, rm, rc, Buffer.from([role, username.length]), username);
}

/** §13.32 defines Const 1 and Const 2 as 20 bytes, whatever the hash (ipmitool and BMCs agree). */
const KEY_CONSTANT_LENGTH = 20;

/** §13.32: Kn = HMAC_SIK(Const n); K1 signs, K2's first 16 bytes encrypt. */
export function deriveK(suite: CipherSuite, sik: Buffer, n: 1 | 2): Buffer {
  return hmac(suite, sik, Buffer.alloc(KEY_CONSTANT_LENGTH, n));
}
