// The RMCP+ session handshake (IPMI 2.0 §13.17–§13.23): Open Session Request/Response, then
// RAKP messages 1–4. Each side proves it knows the user's key (Kuid, the password) and, by RAKP 4,
// that both derived the same session integrity key. Encoders build payloads; decoders check
// lengths and return undefined for anything malformed, which the session drops as garbage.
import { timingSafeEqual } from 'node:crypto';
import { hmac, type CipherSuite } from './cipher-suites.js';

export interface OpenSessionResponse {
  tag: number;
  status: number;
  consoleSessionId: number;
  bmcSessionId: number;
  authAlgorithm: number;
  integrityAlgorithm: number;
  confidentialityAlgorithm: number;
}

function algorithmRecord(buf: Buffer, at: number, kind: number, algorithm: number): void {
  buf[at] = kind;
  buf[at + 3] = 8;
  buf[at + 4] = algorithm & 0x3f;
}

export function encodeOpenSessionRequest(tag: number, maxPrivilege: number, consoleSessionId: number, suite: CipherSuite): Buffer {
  const buf = Buffer.alloc(32);
  buf[0] = tag;
  buf[1] = maxPrivilege;
  buf.writeUInt32LE(consoleSessionId >>> 0, 4);
  algorithmRecord(buf, 8, 0, suite.authAlgorithm);
  algorithmRecord(buf, 16, 1, suite.integrityAlgorithm);
  algorithmRecord(buf, 24, 2, suite.confidentialityAlgorithm);
  return buf;
}

// A refusal may be cut short: OpenIPMI's lanserv answers an unknown cipher suite with only the
// tag and the status. Its console session ID then reads as 0, which the caller accepts with the tag.
function head(p: Buffer): { tag: number; status: number; consoleSessionId: number } | undefined {
  if (p.length < 2 || (p[1] === 0 && p.length < 8)) return undefined;
  return { tag: p[0]!, status: p[1]!, consoleSessionId: p.length >= 8 ? p.readUInt32LE(4) : 0 };
}

export function decodeOpenSessionResponse(p: Buffer): OpenSessionResponse | undefined {
  const base = head(p);
  if (!base) return undefined;
  if (base.status !== 0) return { ...base, bmcSessionId: 0, authAlgorithm: 0, integrityAlgorithm: 0, confidentialityAlgorithm: 0 };
  if (p.length < 36) return undefined;
  return {
    ...base,
    bmcSessionId: p.readUInt32LE(8),
    authAlgorithm: p[16]! & 0x3f,
    integrityAlgorithm: p[24]! & 0x3f,
    confidentialityAlgorithm: p[32]! & 0x3f,
  };
}

/** What both RAKP exchanges sign: the requested role byte and the user name. */
export interface RakpIdentity {
  /** Requested maximum privilege | 0x10 (name-only lookup), exactly as sent in RAKP 1. */
  role: number;
  username: Buffer;
}

export function encodeRakp1(tag: number, bmcSessionId: number, rm: Buffer, id: RakpIdentity): Buffer {
  const buf = Buffer.alloc(28 + id.username.length);
  buf[0] = tag;
  buf.writeUInt32LE(bmcSessionId >>> 0, 4);
  rm.copy(buf, 8);
  buf[24] = id.role;
  buf[27] = id.username.length;
  id.username.copy(buf, 28);
  return buf;
}

export interface Rakp2 {
  tag: number;
  status: number;
  consoleSessionId: number;
  rc: Buffer;
  guid: Buffer;
  authCode: Buffer;
}

export function decodeRakp2(p: Buffer, suite: CipherSuite): Rakp2 | undefined {
  const h = head(p);
  if (!h) return undefined;
  if (h.status !== 0) return { ...h, rc: Buffer.alloc(0), guid: Buffer.alloc(0), authCode: Buffer.alloc(0) };
  if (p.length < 40 + suite.hmacLength) return undefined;
  return { ...h, rc: p.subarray(8, 24), guid: p.subarray(24, 40), authCode: p.subarray(40, 40 + suite.hmacLength) };
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** §13.21: HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | RoleM | ULengthM | UNameM). */
export function rakp2AuthCode(
  suite: CipherSuite,
  kuid: Buffer,
  s: { consoleSessionId: number; bmcSessionId: number; rm: Buffer; rc: Buffer; guid: Buffer },
  id: RakpIdentity,
): Buffer {
  return hmac(
    suite,
    kuid,
    u32(s.consoleSessionId),
    u32(s.bmcSessionId),
    s.rm,
    s.rc,
    s.guid,
    Buffer.from([id.role, id.username.length]),
    id.username,
  );
}

/** §13.22: RAKP 3 carries HMAC_Kuid(Rc | SIDm | RoleM | ULengthM | UNameM). */
export function encodeRakp3(
  tag: number,
  bmcSessionId: number,
  suite: CipherSuite,
  kuid: Buffer,
  rc: Buffer,
  consoleSessionId: number,
  id: RakpIdentity,
): Buffer {
  const code = hmac(suite, kuid, rc, u32(consoleSessionId), Buffer.from([id.role, id.username.length]), id.username);
  const buf = Buffer.alloc(8 + code.length);
  buf[0] = tag;
  buf.writeUInt32LE(bmcSessionId >>> 0, 4);
  code.copy(buf, 8);
  return buf;
}

/**
 * A RAKP 3 carrying only an error status: tells the BMC to drop the half-open session at once
 * rather than hold one of its few session slots until its timeout (§13.22).
 */
export function encodeRakp3Abort(tag: number, bmcSessionId: number, status: number): Buffer {
  const buf = Buffer.alloc(8);
  buf[0] = tag;
  buf[1] = status;
  buf.writeUInt32LE(bmcSessionId >>> 0, 4);
  return buf;
}

export interface Rakp4 {
  tag: number;
  status: number;
  consoleSessionId: number;
  icv: Buffer;
}

export function decodeRakp4(p: Buffer, suite: CipherSuite): Rakp4 | undefined {
  const h = head(p);
  if (!h) return undefined;
  if (h.status !== 0) return { ...h, icv: Buffer.alloc(0) };
  if (p.length < 8 + suite.icvLength) return undefined;
  return { ...h, icv: p.subarray(8, 8 + suite.icvLength) };
}

/** §13.23: HMAC_SIK(Rm | SIDc | GUIDc), truncated to the suite's ICV length. */
export function rakp4Icv(suite: CipherSuite, sik: Buffer, rm: Buffer, bmcSessionId: number, guid: Buffer): Buffer {
  return hmac(suite, sik, rm, u32(bmcSessionId), guid).subarray(0, suite.icvLength);
}

/** Constant-time comparison, so a forged answer learns nothing from timing. */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
