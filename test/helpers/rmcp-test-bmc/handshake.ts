// The BMC's side of session setup (IPMI 2.0 §13.17–13.20): Open Session picks a suite the BMC
// supports, RAKP 1 names the user and RAKP 2 proves the BMC knows the password, RAKP 3 proves
// the console does, and RAKP 4 proves both derived the same SIK. Statuses are RMCP+ status codes
// (table 13-15), as a real BMC returns them.
import { randomBytes, randomInt } from 'node:crypto';
import { additionalKey, hmacOf, TEST_SUITES, type TestSuite } from './crypto.js';

export const RmcpStatus = {
  ok: 0x00,
  invalidSessionId: 0x02,
  invalidAuthAlgorithm: 0x04,
  invalidIntegrityAlgorithm: 0x05,
  invalidRole: 0x09,
  unauthorizedName: 0x0d,
  invalidIntegrityCheckValue: 0x0f,
  invalidConfidentialityAlgorithm: 0x10,
} as const;

const ADMINISTRATOR = 0x04;

export interface PendingSession {
  bmcSessionId: number;
  consoleSessionId: number;
  suite: TestSuite;
  maxPrivilege: number;
  rm?: Buffer;
  rc?: Buffer;
  /** RAKP 1's role byte as sent (name-only lookup bit included): it enters every HMAC. */
  role?: number;
  username?: Buffer;
}

export interface ActiveSession extends PendingSession {
  k1: Buffer;
  k2: Buffer;
  privilege: number;
  /** The BMC's outbound session sequence number. */
  sequence: number;
}

export interface Account {
  username: string;
  password: string;
}

const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** The suite whose three algorithms the request names, or the status refusing the first that has none. */
function chooseSuite(auth: number, integrity: number, confidentiality: number): TestSuite | number {
  const byAuth = TEST_SUITES.filter((s) => s.auth === auth);
  if (byAuth.length === 0) return RmcpStatus.invalidAuthAlgorithm;
  const byIntegrity = byAuth.filter((s) => s.integrity === integrity);
  if (byIntegrity.length === 0) return RmcpStatus.invalidIntegrityAlgorithm;
  return byIntegrity.find((s) => s.confidentiality === confidentiality) ?? RmcpStatus.invalidConfidentialityAlgorithm;
}

/** §13.17/13.18: answers an Open Session Request; a new pending session when the suite is ours. */
export function openSession(p: Buffer): { response: Buffer; session?: PendingSession } {
  const tag = p[0] ?? 0;
  const consoleSessionId = p.length >= 8 ? p.readUInt32LE(4) : 0;
  const refuse = (status: number) => ({ response: Buffer.from([tag, status, 0, 0, ...le32(consoleSessionId)]) });
  if (p.length < 32) return refuse(RmcpStatus.invalidAuthAlgorithm);
  const choice = chooseSuite(p[12]!, p[20]!, p[28]!);
  if (typeof choice === 'number') return refuse(choice);
  const asked = p[1]! & 0x0f;
  const maxPrivilege = asked === 0 || asked > ADMINISTRATOR ? ADMINISTRATOR : asked;
  const bmcSessionId = randomInt(1, 0xffffffff);
  const algorithm = (type: number, alg: number) => [type, 0, 0, 8, alg, 0, 0, 0];
  const response = Buffer.from([
    tag,
    RmcpStatus.ok,
    maxPrivilege,
    0,
    ...le32(consoleSessionId),
    ...le32(bmcSessionId),
    ...algorithm(0, choice.auth),
    ...algorithm(1, choice.integrity),
    ...algorithm(2, choice.confidentiality),
  ]);
  return { response, session: { bmcSessionId, consoleSessionId, suite: choice, maxPrivilege } };
}

/** §13.20: RAKP 2, keyed by the account's password when RAKP 1 names the account. */
export function rakp1(p: Buffer, session: PendingSession, account: Account, guid: Buffer): Buffer {
  const tag = p[0]!;
  const fail = (status: number) => Buffer.from([tag, status, 0, 0, ...le32(session.consoleSessionId)]);
  if (p.length < 28) return fail(RmcpStatus.invalidRole);
  const rm = p.subarray(8, 24);
  const role = p[24]!;
  const username = p.subarray(28, 28 + p[27]!);
  if ((role & 0x0f) > session.maxPrivilege || (role & 0x0f) === 0) return fail(RmcpStatus.invalidRole);
  if (username.toString('latin1') !== account.username) return fail(RmcpStatus.unauthorizedName);
  const rc = randomBytes(16);
  Object.assign(session, { rm: Buffer.from(rm), rc, role, username: Buffer.from(username) });
  const authCode = hmacOf(
    session.suite,
    Buffer.from(account.password, 'latin1'),
    le32(session.consoleSessionId),
    le32(session.bmcSessionId),
    rm,
    rc,
    guid,
    Buffer.from([role, username.length]),
    username,
  );
  return Buffer.concat([Buffer.from([tag, RmcpStatus.ok, 0, 0]), le32(session.consoleSessionId), rc, guid, authCode]);
}

/**
 * §13.22/13.23: checks the console's RAKP 3 code and answers RAKP 4 with the SIK-keyed ICV.
 * A RAKP 3 carrying an error status ends the attempt without an answer (the console gave up).
 */
export function rakp3(p: Buffer, session: PendingSession, account: Account, guid: Buffer): { response?: Buffer; active?: ActiveSession } {
  const tag = p[0]!;
  const { rm, rc, role, username, suite } = session;
  if (p[1] !== RmcpStatus.ok || !rm || !rc || role === undefined || !username) return {};
  const password = Buffer.from(account.password, 'latin1');
  const expected = hmacOf(suite, password, rc, le32(session.consoleSessionId), Buffer.from([role, username.length]), username);
  if (!expected.equals(p.subarray(8)))
    return { response: Buffer.from([tag, RmcpStatus.invalidIntegrityCheckValue, 0, 0, ...le32(session.consoleSessionId)]) };
  // This BMC has no Kg of its own, so the password is the key (§13.31).
  const sik = hmacOf(suite, password, rm, rc, Buffer.from([role, username.length]), username);
  const icv = hmacOf(suite, sik, rm, le32(session.bmcSessionId), guid).subarray(0, suite.icvLength);
  const active: ActiveSession = {
    ...session,
    k1: additionalKey(suite, sik, 1),
    k2: additionalKey(suite, sik, 2),
    privilege: role & 0x0f,
    sequence: 0,
  };
  return { response: Buffer.concat([Buffer.from([tag, RmcpStatus.ok, 0, 0]), le32(session.consoleSessionId), icv]), active };
}
