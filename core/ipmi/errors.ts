// What can go wrong below the client, as classes the client turns into one HardwareError each.
// None of them carries a password or key: messages are built from statuses and codes only.

/** No acceptable answer before the deadline (the BMC is down, dropping, or answering garbage). */
export class NoAnswer extends Error {}

/** The BMC refused the user, password, Kg or privilege: never retried, BMCs lock accounts. */
export class CredentialsRejected extends Error {}

/**
 * Why a BMC refused a session other than credentials: 'suite' (another cipher suite may do),
 * 'busy' (no free session slot now: worth another attempt) or 'other' (IPMI 1.5 only, …).
 */
export type RefusalKind = 'suite' | 'busy' | 'other';

/** The BMC refused to open a session for another reason than credentials. */
export class SessionRefused extends Error {
  constructor(
    message: string,
    readonly kind: RefusalKind,
  ) {
    super(message);
  }

  get suiteUnsupported(): boolean {
    return this.kind === 'suite';
  }
}

/** A non-zero completion code. */
export class CompletionCodeError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export class Cancelled extends Error {}
