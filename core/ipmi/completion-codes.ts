// Completion codes (IPMI 2.0 §5.2, table 5-2) in words, for errors an operator can act on.
const WORDS: Record<number, string> = {
  0xc0: 'node busy',
  0xc1: 'invalid command',
  0xc2: 'command invalid for given LUN',
  0xc3: 'timeout while processing command',
  0xc4: 'out of space',
  0xc5: 'reservation cancelled or invalid',
  0xc6: 'request data truncated',
  0xc7: 'request data length invalid',
  0xc8: 'request data field length limit exceeded',
  0xc9: 'parameter out of range',
  0xca: 'cannot return number of requested data bytes',
  0xcb: 'requested sensor, data, or record not present',
  0xcc: 'invalid data field in request',
  0xcd: 'command illegal for specified sensor or record type',
  0xce: 'command response could not be provided',
  0xcf: 'cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'device in firmware update mode',
  0xd2: 'BMC initialization in progress',
  0xd3: 'destination unavailable',
  0xd4: 'insufficient privilege level',
  0xd5: 'command not supported in present state',
  0xd6: 'command sub-function disabled or unavailable',
  0xff: 'unspecified error',
};

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

// Capitalised as ipmitool prints them ("Invalid data field in request"), so messages read the
// same whichever client talked to the BMC.
export function completionCodeText(code: number): string {
  const words = WORDS[code] ?? 'device-specific or OEM error';
  return `${words[0]!.toUpperCase()}${words.slice(1)} (completion code ${hex(code)})`;
}

/** Completion codes worth another attempt: the BMC is momentarily unable, not refusing. */
export function isTransientCompletionCode(code: number): boolean {
  return code === 0xc0 || code === 0xc3 || code === 0xce || code === 0xd2;
}

// RMCP+ and RAKP message status codes (IPMI 2.0 §13.24, table 13-15).
const RAKP_STATUS: Record<number, string> = {
  0x01: 'insufficient resources to create a session',
  0x02: 'invalid session ID',
  0x03: 'invalid payload type',
  0x04: 'invalid authentication algorithm',
  0x05: 'invalid integrity algorithm',
  0x06: 'no matching authentication payload',
  0x07: 'no matching integrity payload',
  0x08: 'inactive session ID',
  0x09: 'invalid role',
  0x0a: 'unauthorized role or privilege level requested',
  0x0b: 'insufficient resources to create a session at the requested role',
  0x0c: 'invalid name length',
  0x0d: 'unauthorized name',
  0x0e: 'unauthorized GUID',
  0x0f: 'invalid integrity check value',
  0x10: 'invalid confidentiality algorithm',
  0x11: 'no cipher suite match with proposed security algorithms',
  0x12: 'illegal or unrecognized parameter',
};

export function rakpStatusText(status: number): string {
  return `${RAKP_STATUS[status] ?? 'unknown status'} (RMCP+ status ${hex(status)})`;
}

/** Statuses that mean "these credentials or this role are refused": never retried. */
export function isCredentialStatus(status: number): boolean {
  return status === 0x09 || status === 0x0a || status === 0x0c || status === 0x0d || status === 0x0f;
}

/** What a non-credential refusal means for the next step (errors.ts RefusalKind). */
export function refusalKind(status: number): 'suite' | 'busy' | 'other' {
  if (isCipherSuiteStatus(status)) return 'suite';
  return status === 0x01 || status === 0x0b ? 'busy' : 'other';
}

/** Statuses that mean "this BMC does not do this cipher suite": try the next one. */
export function isCipherSuiteStatus(status: number): boolean {
  return status === 0x04 || status === 0x05 || status === 0x06 || status === 0x07 || status === 0x10 || status === 0x11;
}
