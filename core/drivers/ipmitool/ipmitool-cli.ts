// The part of ipmitool's command line Tyr uses (DESIGN example 5): session options, bridging,
// and the few commands below. Driver code names commands with `IpmiCommand`, never raw strings.
import type { IpmiTarget } from './driver-info.js';

/** The ipmitool commands Tyr runs. */
export type IpmiCommand =
  | ['power', 'status']
  | ['chassis', 'power', 'on' | 'off' | 'soft' | 'reset' | 'diag' | 'cycle']
  | ['chassis', 'bootdev', 'pxe' | 'disk' | 'cdrom' | 'bios' | 'safe', ...string[]]
  | ['chassis', 'bootparam', 'get', '5']
  | ['sol', 'activate' | 'deactivate']
  | ['raw', ...string[]]
  | ['bmc', 'reset', 'warm' | 'cold'];

/** How the password reaches ipmitool: a 0600 file (-f) or the child's environment (-E). */
export type PasswordVia = { file: string } | { env: true } | undefined;

/**
 * ipmitool's argv for one command. The password itself is never an element: only the path of
 * its file, or -E (IPMI_PASSWORD in the child's environment).
 */
export function buildArgs(t: IpmiTarget, command: IpmiCommand, password: PasswordVia): string[] {
  const args = ['-I', t.iface, '-H', t.address, '-p', String(t.port), '-L', t.privLevel];
  if (t.cipherSuite !== undefined) args.push('-C', String(t.cipherSuite));
  if (t.username !== undefined) args.push('-U', t.username);
  if (password && 'file' in password) args.push('-f', password.file);
  else if (password) args.push('-E');
  // The BMC key travels like -E's password: in the child's environment (IPMI_KGKEY), never argv.
  if (t.kgKey) args.push('-K');
  // One try per child: Tyr retries transient errors itself, within its own budget and interval.
  // -v makes ipmitool say why a session failed, which tells a wrong password (never retried:
  // BMCs lock accounts) from a lost packet; it changes only stderr, and costs no extra time.
  args.push('-R', '1', '-N', '1', '-v');
  if (t.bridging.kind !== 'no') args.push('-m', '0x20', '-b', t.bridging.targetChannel, '-t', t.bridging.targetAddress);
  if (t.bridging.kind === 'dual') args.push('-B', t.bridging.transitChannel, '-T', t.bridging.transitAddress);
  return [...args, ...command];
}

// ipmitool's messages for conditions that pass: a busy BMC, a lost UDP packet, a session table
// that is full for a moment. Anything else (wrong privilege, unsupported command) fails at once.
const TRANSIENT = [
  /insufficient resources for session/i,
  /Unable to establish IPMI v2 \/ RMCP\+ session/i,
  /Unable to establish LAN session/i,
  /timeout/i,
  /Node busy/i,
  /BMC busy/i,
  /BMC initialization in progress/i,
  /Out of space/i,
  /Get Auth Capabilities error/i,
  /Unable to get Chassis Power Status/i,
  // ipmitool's words when a command got no answer (a NULL response; a refusal has a completion
  // code and reads "… failed: <reason>"), or only a late answer to an earlier try, as a loaded BMC
  // gives. Power and boot-device commands are idempotent, so they are tried again.
  /Unable to set Chassis Power Control/i,
  /Error setting Chassis Boot Parameter \d+/i,
  /IPMI Request Match NOT FOUND/i,
];

// What -v prints on every call; noise in an error message.
const CHATTER = [
  /^Loading IANA PEN Registry/,
  /^Running Get VSO Capabilities/,
  /^Invalid completion code received: Invalid command$/,
  /^Discovered IPMB address/,
];

/** stderr without -v's routine lines, as one line. */
export function cleanStderr(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !CHATTER.some((re) => re.test(l)))
    .join('; ');
}

// The BMC answered and refused the user or the password (lanplus RAKP, and lan 1.5).
const AUTH_FAILURE = [
  /RAKP 2 HMAC is invalid/i,
  /RAKP \d message indicates an error/i,
  /Invalid user name/i,
  /Activate Session command failed/i,
];

export function isAuthFailure(stderr: string): boolean {
  return AUTH_FAILURE.some((re) => re.test(stderr));
}

export function isTransient(stderr: string): boolean {
  return !isAuthFailure(stderr) && TRANSIENT.some((re) => re.test(cleanStderr(stderr)));
}

/** Session set-up failed with no answer from the BMC (address, port or cipher suite wrong). */
export function looksLikeSessionFailure(stderr: string): boolean {
  return /Unable to establish (IPMI v2 \/ RMCP\+|LAN|IPMI v1\.5 \/ RMCP) session/i.test(stderr);
}
