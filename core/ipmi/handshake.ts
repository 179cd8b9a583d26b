// Opening a session: Get Channel Authentication Capabilities (is IPMI 2.0 offered at all?), then
// Open Session and RAKP 1–4 for one cipher suite, then Set Session Privilege Level. The password
// (Kuid) and Kg are only ever HMAC keys here; they are not kept by the session.
import { randomBytes, randomInt } from 'node:crypto';
import { CIPHER_SUITES, deriveK, deriveSik, type CipherSuiteId } from './cipher-suites.js';
import { completionCodeText, isCredentialStatus, rakpStatusText, refusalKind } from './completion-codes.js';
import { CredentialsRejected, SessionRefused } from './errors.js';
import { exchange } from './exchange.js';
import { answers, decodeResponse, encodeRequest, NetFn, type IpmiRequest } from './ipmi-message.js';
import {
  decodeOpenSessionResponse,
  decodeRakp2,
  decodeRakp4,
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  encodeRakp3Abort,
  rakp2AuthCode,
  rakp4Icv,
  sameBytes,
  type RakpIdentity,
} from './rakp.js';
import { decodePacket, encodeV15Presession, encodeV2, PayloadType } from './rmcp-packet.js';
import { Session, type RequestOptions } from './session.js';
import type { Remote, UdpTransport } from './transport.js';

export interface Credentials {
  username: Buffer;
  /** Kuid: the user's password. */
  password: Buffer;
  /** The BMC key; absent: the password is the key (§13.31). */
  kg?: Buffer;
  /** Privilege code (privilege.ts). */
  privilege: number;
}

const NAME_ONLY_LOOKUP = 0x10;
const INVALID_INTEGRITY_CHECK_VALUE = 0x0f;
const CMD_GET_CHANNEL_AUTH_CAPS = 0x38;
const CMD_SET_SESSION_PRIVILEGE = 0x3b;

/** Get Channel Authentication Capabilities outside a session; refuses BMCs without IPMI 2.0. */
export async function checkIpmi20(transport: UdpTransport, remote: Remote, privilege: number, opts: RequestOptions): Promise<void> {
  // 0x8e: this channel (0xe), asking for the IPMI 2.0 extended data (bit 7).
  const req: IpmiRequest = { netfn: NetFn.app, command: CMD_GET_CHANNEL_AUTH_CAPS, data: [0x8e, privilege] };
  const rqSeq = randomInt(64);
  const message = encodeRequest(req, rqSeq);
  const res = await exchange(
    transport,
    remote,
    () => encodeV15Presession(message),
    (datagram) => {
      const d = decodePacket(datagram, 0);
      if (d?.version !== 1.5) return undefined;
      const r = decodeResponse(d.packet.message);
      return r && answers(r, req, rqSeq) ? r : undefined;
    },
    opts,
  );
  if (res.completionCode !== 0)
    throw new SessionRefused(`Get Channel Authentication Capabilities failed: ${completionCodeText(res.completionCode)}`, 'other');
  const extended = res.data.length >= 4 && (res.data[1]! & 0x80) !== 0 && (res.data[3]! & 0x02) !== 0;
  if (!extended)
    throw new SessionRefused('the BMC does not offer IPMI 2.0 (RMCP+) on this channel; set ipmi_protocol_version to "1.5"', 'other');
}

/** Runs one handshake exchange outside a session (session ID 0), accepting only `payloadType`. */
function presession<T>(
  transport: UdpTransport,
  remote: Remote,
  sendType: number,
  payload: Buffer,
  expectType: number,
  decode: (p: Buffer) => T | undefined,
  opts: RequestOptions,
): Promise<T> {
  const datagram = encodeV2({ payloadType: sendType, encrypted: false, sessionId: 0, sequence: 0, payload });
  return exchange(
    transport,
    remote,
    () => datagram,
    (answer) => {
      const d = decodePacket(answer, 0);
      if (d?.version !== 2 || d.packet.payloadType !== expectType) return undefined;
      return decode(d.packet.payload);
    },
    opts,
  );
}

/** Open Session + RAKP 1–4 + Set Session Privilege Level with `suiteId`. */
export async function openSession(
  transport: UdpTransport,
  remote: Remote,
  suiteId: CipherSuiteId,
  creds: Credentials,
  opts: RequestOptions,
): Promise<Session> {
  const suite = CIPHER_SUITES[suiteId];
  const consoleSessionId = randomInt(1, 0xffffffff);
  const tag = randomInt(256);
  // A short refusal carries no session ID (rakp.ts); the tag still has to be ours.
  const ours = (r: { consoleSessionId: number; tag: number; status: number }) =>
    r.tag === tag && (r.consoleSessionId === consoleSessionId || (r.status !== 0 && r.consoleSessionId === 0));

  const open = await presession(
    transport,
    remote,
    PayloadType.openSessionRequest,
    encodeOpenSessionRequest(tag, creds.privilege, consoleSessionId, suite),
    PayloadType.openSessionResponse,
    (p) => {
      const r = decodeOpenSessionResponse(p);
      return r && ours(r) ? r : undefined;
    },
    opts,
  );
  if (open.status !== 0) {
    const why = `Open Session refused cipher suite ${suiteId}: ${rakpStatusText(open.status)}`;
    if (isCredentialStatus(open.status)) throw new CredentialsRejected(why);
    throw new SessionRefused(why, refusalKind(open.status));
  }
  if (
    open.authAlgorithm !== suite.authAlgorithm ||
    open.integrityAlgorithm !== suite.integrityAlgorithm ||
    open.confidentialityAlgorithm !== suite.confidentialityAlgorithm
  )
    throw new SessionRefused(`the BMC answered cipher suite ${suiteId} with other algorithms`, 'suite');

  const id: RakpIdentity = { role: creds.privilege | NAME_ONLY_LOOKUP, username: creds.username };
  const rm = randomBytes(16);
  const rakp2 = await presession(
    transport,
    remote,
    PayloadType.rakp1,
    encodeRakp1(tag, open.bmcSessionId, rm, id),
    PayloadType.rakp2,
    (p) => {
      const r = decodeRakp2(p, suite);
      return r && ours(r) ? r : undefined;
    },
    opts,
  );
  if (rakp2.status !== 0) {
    const why = `RAKP 2: ${rakpStatusText(rakp2.status)}`;
    if (isCredentialStatus(rakp2.status)) throw new CredentialsRejected(why);
    throw new SessionRefused(why, refusalKind(rakp2.status));
  }
  const expected = rakp2AuthCode(
    suite,
    creds.password,
    { consoleSessionId, bmcSessionId: open.bmcSessionId, rm, rc: rakp2.rc, guid: rakp2.guid },
    id,
  );
  if (!sameBytes(expected, rakp2.authCode)) {
    const abort = encodeRakp3Abort(tag, open.bmcSessionId, INVALID_INTEGRITY_CHECK_VALUE);
    transport.send(remote, encodeV2({ payloadType: PayloadType.rakp3, encrypted: false, sessionId: 0, sequence: 0, payload: abort }));
    throw new CredentialsRejected('RAKP 2 key exchange code does not match: wrong password');
  }

  const sik = deriveSik(suite, creds.kg ?? creds.password, rm, rakp2.rc, id.role, id.username);
  const rakp4 = await presession(
    transport,
    remote,
    PayloadType.rakp3,
    encodeRakp3(tag, open.bmcSessionId, suite, creds.password, rakp2.rc, consoleSessionId, id),
    PayloadType.rakp4,
    (p) => {
      const r = decodeRakp4(p, suite);
      return r && ours(r) ? r : undefined;
    },
    opts,
  );
  if (rakp4.status !== 0) {
    const why = `RAKP 4: ${rakpStatusText(rakp4.status)}`;
    if (isCredentialStatus(rakp4.status)) throw new CredentialsRejected(why);
    throw new SessionRefused(why, refusalKind(rakp4.status));
  }
  if (!sameBytes(rakp4Icv(suite, sik, rm, open.bmcSessionId, rakp2.guid), rakp4.icv))
    throw new CredentialsRejected('RAKP 4 integrity check value does not match: wrong BMC key (ipmi_kg_key)');

  const session = new Session(transport, remote, suiteId, {
    consoleSessionId,
    bmcSessionId: open.bmcSessionId,
    k1: deriveK(suite, sik, 1),
    k2: deriveK(suite, sik, 2),
  });
  const priv = await session.request({ netfn: NetFn.app, command: CMD_SET_SESSION_PRIVILEGE, data: [creds.privilege] }, opts);
  if (priv.completionCode !== 0)
    throw new CredentialsRejected(`Set Session Privilege Level refused: ${completionCodeText(priv.completionCode)}`);
  return session;
}

const CMD_CLOSE_SESSION = 0x3c;

/** Close Session (§22.19), best effort: a BMC that does not answer lets the session time out. */
export async function closeSession(session: Session, opts: RequestOptions): Promise<void> {
  const id = Buffer.alloc(4);
  id.writeUInt32LE(session.bmcSessionId >>> 0);
  try {
    await session.request({ netfn: NetFn.app, command: CMD_CLOSE_SESSION, data: id }, opts);
  } catch {
    /* the BMC forgets the session at its inactivity timeout anyway */
  }
}
