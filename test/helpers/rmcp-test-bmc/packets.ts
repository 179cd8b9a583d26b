// RMCP (§13.1.3) carrying either an IPMI 1.5 session header (auth type 0, used before a session
// for Get Channel Authentication Capabilities) or the RMCP+ header of IPMI 2.0 (auth type 6,
// §13.6, table 13-8): payload type with encrypted/authenticated bits, session ID, sequence,
// length, and for authenticated packets the integrity pad, pad length, next header and AuthCode.
import { hmacOf, type TestSuite } from './crypto.js';

const RMCP_HEADER = [0x06, 0x00, 0xff, 0x07];
const RMCP_PLUS = 0x06;
const ENCRYPTED = 0x80;
const AUTHENTICATED = 0x40;
const OEM_PAYLOAD = 0x02;

export const Payload = {
  ipmi: 0x00,
  openSessionRequest: 0x10,
  openSessionResponse: 0x11,
  rakp1: 0x12,
  rakp2: 0x13,
  rakp3: 0x14,
  rakp4: 0x15,
} as const;

export type Inbound =
  | { format: 'v15'; message: Buffer }
  | { format: 'v20'; type: number; encrypted: boolean; authenticated: boolean; sessionId: number; payload: Buffer; signed: Buffer };

/** Splits a datagram; undefined for anything that is not RMCP class IPMI or is truncated. */
export function parseDatagram(buf: Buffer): Inbound | undefined {
  if (buf.length < 10 || buf[0] !== 0x06 || (buf[3]! & 0x1f) !== 0x07) return undefined;
  if (buf[4] !== RMCP_PLUS) {
    const headerEnd = buf[4] === 0 ? 13 : 29;
    const length = buf[headerEnd];
    if (length === undefined || buf.length < headerEnd + 1 + length) return undefined;
    return { format: 'v15', message: buf.subarray(headerEnd + 1, headerEnd + 1 + length) };
  }
  const flags = buf[5]!;
  const type = flags & 0x3f;
  let at = type === OEM_PAYLOAD ? 12 : 6;
  if (buf.length < at + 10) return undefined;
  const sessionId = buf.readUInt32LE(at);
  const length = buf.readUInt16LE(at + 8);
  at += 10;
  if (buf.length < at + length) return undefined;
  const payload = buf.subarray(at, at + length);
  const authenticated = (flags & AUTHENTICATED) !== 0;
  // `signed` runs from the auth type to the end: the session's suite says how long the AuthCode is.
  return { format: 'v20', type, encrypted: (flags & ENCRYPTED) !== 0, authenticated, sessionId, payload, signed: buf.subarray(4) };
}

/** True when the trailing AuthCode of an authenticated packet is HMAC_K1 of everything before it. */
export function integrityHolds(packet: Extract<Inbound, { format: 'v20' }>, suite: TestSuite, k1: Buffer): boolean {
  const { signed } = packet;
  if (signed.length <= suite.icvLength + 2) return false;
  const covered = signed.subarray(0, signed.length - suite.icvLength);
  const expected = hmacOf(suite, k1, covered).subarray(0, suite.icvLength);
  return expected.equals(signed.subarray(signed.length - suite.icvLength));
}

/** An IPMI 1.5 packet outside any session (auth type none, sequence and session ID 0). */
export function buildV15(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...RMCP_HEADER, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, message.length]), message]);
}

export interface Signing {
  suite: TestSuite;
  k1: Buffer;
}

/** An RMCP+ packet; signed (and flagged authenticated) when `signing` is given. */
export function buildV20(
  type: number,
  sessionId: number,
  sequence: number,
  payload: Buffer,
  opts: { encrypted?: boolean; signing?: Signing } = {},
): Buffer {
  const header = Buffer.alloc(12);
  header[0] = RMCP_PLUS;
  header[1] = type | (opts.encrypted ? ENCRYPTED : 0) | (opts.signing ? AUTHENTICATED : 0);
  header.writeUInt32LE(sessionId >>> 0, 2);
  header.writeUInt32LE(sequence >>> 0, 6);
  header.writeUInt16LE(payload.length, 10);
  let body = Buffer.concat([header, payload]);
  if (opts.signing) {
    // Pad so that everything from the auth type through next header is a multiple of 4 bytes.
    const padLength = (4 - ((body.length + 2) % 4)) % 4;
    body = Buffer.concat([body, Buffer.alloc(padLength, 0xff), Buffer.from([padLength, 0x07])]);
    const authCode = hmacOf(opts.signing.suite, opts.signing.k1, body).subarray(0, opts.signing.suite.icvLength);
    body = Buffer.concat([body, authCode]);
  }
  return Buffer.concat([Buffer.from(RMCP_HEADER), body]);
}
