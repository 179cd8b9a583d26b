// RMCP framing (DMTF ASF) around IPMI 1.5 and IPMI 2.0 (RMCP+) session headers, IPMI 2.0 §13.6.
// Encoding writes one Buffer per packet; decoding returns views into the datagram, so receiving
// copies nothing until the session decrypts.
const RMCP_VERSION = 0x06;
const RMCP_NO_ACK = 0xff;
const RMCP_CLASS_IPMI = 0x07;
const RMCP_HEADER = 4;
/** Auth type byte through payload length: 1 + 1 + 4 + 4 + 2. */
const V2_SESSION_HEADER = 12;
const NEXT_HEADER = 0x07;

export const AUTH_TYPE_NONE = 0x00;
export const AUTH_TYPE_RMCP_PLUS = 0x06;

export const PayloadType = {
  ipmi: 0x00,
  openSessionRequest: 0x10,
  openSessionResponse: 0x11,
  rakp1: 0x12,
  rakp2: 0x13,
  rakp3: 0x14,
  rakp4: 0x15,
} as const;

const ENCRYPTED = 0x80;
const AUTHENTICATED = 0x40;

/** Signs an authenticated packet: HMAC with K1, truncated (HMAC-SHA1-96, HMAC-SHA256-128). */
export interface IntegrityKey {
  readonly length: number;
  sign(data: Buffer): Buffer;
}

function writeRmcpHeader(buf: Buffer): void {
  buf[0] = RMCP_VERSION;
  buf[1] = 0;
  buf[2] = RMCP_NO_ACK;
  buf[3] = RMCP_CLASS_IPMI;
}

/** An IPMI 1.5 packet outside any session (auth type none), for Get Channel Authentication Capabilities. */
export function encodeV15Presession(message: Buffer): Buffer {
  const buf = Buffer.alloc(RMCP_HEADER + 10 + message.length);
  writeRmcpHeader(buf);
  buf[4] = AUTH_TYPE_NONE;
  // sequence (4) and session ID (4) stay zero outside a session
  buf[13] = message.length;
  message.copy(buf, 14);
  return buf;
}

export interface V2Frame {
  payloadType: number;
  encrypted: boolean;
  sessionId: number;
  sequence: number;
  payload: Buffer;
}

/**
 * An IPMI 2.0 packet. With `integrity`, the packet is marked authenticated, padded to a multiple of
 * four from the auth type on (§13.28.4), and ends with the integrity pad, pad length, next header
 * and the AuthCode over all of that.
 */
export function encodeV2(frame: V2Frame, integrity?: IntegrityKey): Buffer {
  const payloadLen = frame.payload.length;
  const unpadded = V2_SESSION_HEADER + payloadLen + 2;
  const pad = integrity ? (4 - (unpadded % 4)) % 4 : 0;
  const trailer = integrity ? pad + 2 + integrity.length : 0;
  const buf = Buffer.allocUnsafe(RMCP_HEADER + V2_SESSION_HEADER + payloadLen + trailer);
  writeRmcpHeader(buf);
  buf[4] = AUTH_TYPE_RMCP_PLUS;
  buf[5] = (frame.payloadType & 0x3f) | (frame.encrypted ? ENCRYPTED : 0) | (integrity ? AUTHENTICATED : 0);
  buf.writeUInt32LE(frame.sessionId >>> 0, 6);
  buf.writeUInt32LE(frame.sequence >>> 0, 10);
  buf.writeUInt16LE(payloadLen, 14);
  frame.payload.copy(buf, 16);
  if (integrity) {
    let at = 16 + payloadLen;
    buf.fill(0xff, at, at + pad);
    at += pad;
    buf[at++] = pad;
    buf[at++] = NEXT_HEADER;
    integrity.sign(buf.subarray(RMCP_HEADER, at)).copy(buf, at, 0, integrity.length);
  }
  return buf;
}

export interface DecodedV2 extends V2Frame {
  authenticated: boolean;
  /** The bytes the AuthCode covers (auth type through next header), when authenticated. */
  signed?: Buffer;
  authCode?: Buffer;
}

export interface DecodedV15 {
  authType: number;
  sessionId: number;
  message: Buffer;
}

export type Decoded = { version: 2; packet: DecodedV2 } | { version: 1.5; packet: DecodedV15 };

/**
 * Parses a datagram's framing; undefined for anything that is not an IPMI packet or is cut short.
 * `integrityLength` is the AuthCode length of the session the packet claims to belong to (0 outside one).
 */
export function decodePacket(buf: Buffer, integrityLength: number): Decoded | undefined {
  if (buf.length < RMCP_HEADER + 1 || buf[0] !== RMCP_VERSION || buf[3] !== RMCP_CLASS_IPMI) return undefined;
  const authType = buf[4]!;
  if (authType !== AUTH_TYPE_RMCP_PLUS) {
    // IPMI 1.5: auth type, sequence, session ID, [16-byte AuthCode unless type none], length, message
    const lenAt = authType === AUTH_TYPE_NONE ? 13 : 29;
    if (buf.length < lenAt + 1) return undefined;
    const len = buf[lenAt]!;
    if (buf.length < lenAt + 1 + len) return undefined;
    return { version: 1.5, packet: { authType, sessionId: buf.readUInt32LE(9), message: buf.subarray(lenAt + 1, lenAt + 1 + len) } };
  }
  if (buf.length < RMCP_HEADER + V2_SESSION_HEADER) return undefined;
  const typeByte = buf[5]!;
  const payloadLen = buf.readUInt16LE(14);
  const payloadEnd = 16 + payloadLen;
  if (buf.length < payloadEnd) return undefined;
  const authenticated = (typeByte & AUTHENTICATED) !== 0;
  const packet: DecodedV2 = {
    payloadType: typeByte & 0x3f,
    encrypted: (typeByte & ENCRYPTED) !== 0,
    authenticated,
    sessionId: buf.readUInt32LE(6),
    sequence: buf.readUInt32LE(10),
    payload: buf.subarray(16, payloadEnd),
  };
  if (authenticated) {
    if (integrityLength === 0 || buf.length < payloadEnd + 2 + integrityLength) return undefined;
    const codeAt = buf.length - integrityLength;
    if (buf[codeAt - 1] !== NEXT_HEADER) return undefined;
    packet.signed = buf.subarray(RMCP_HEADER, codeAt);
    packet.authCode = buf.subarray(codeAt);
  }
  return { version: 2, packet };
}
