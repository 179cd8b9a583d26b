// One error hierarchy for the whole service. Each class carries its HTTP status, so the API can
// turn any error into a response in one place (core/api/error-handler.ts). A client error has a
// message a person can act on; anything that is not a TyrError becomes a 500 and is a bug.
// Every TyrError class lives in this file: the RPC raises an error again in the API process by
// looking its class up by name among this file's exports (core/rpc/wire-errors.ts).

/** What an error carries across the RPC besides its class, status and message. */
export interface WireFields {
  retryAfterSeconds?: number;
  detail?: string;
}

export class TyrError extends Error {
  readonly status: number = 500;
  /** Ironic's faultcode: "Client" for 4xx, "Server" for 5xx. */
  get faultcode(): 'Client' | 'Server' {
    return this.status < 500 ? 'Client' : 'Server';
  }
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** The fields the API process needs to raise this error again; classes with such fields list them. */
  wireFields(): WireFields {
    return {};
  }

  /**
   * Raises the error again from what travelled over the RPC. Constructors that take other
   * arguments only use them to word the message, which is replaced by the original one here; a
   * class whose constructor needs its wire fields overrides this.
   */
  static fromWire(message: string, _fields: WireFields): TyrError {
    const err = new this(message);
    err.message = message;
    return err;
  }
}

/** 400: the request is malformed or asks for something that is not allowed in this state. */
export class InvalidParameterValue extends TyrError {
  override readonly status = 400;
}

/** 400: a provision verb that the node's current state does not accept. */
export class InvalidStateRequested extends InvalidParameterValue {}

/** 400: the requested operation is not supported by the node's driver. */
export class UnsupportedDriverExtension extends InvalidParameterValue {}

/** 401: credentials are missing or wrong. */
export class NotAuthorized extends TyrError {
  override readonly status = 401;
}

/** 403: the caller is known but may not do this. */
export class Forbidden extends TyrError {
  override readonly status = 403;
}

/** 404: the resource does not exist. */
export class NotFound extends TyrError {
  override readonly status = 404;
}

/** 405: the resource exists but does not support this method. */
export class MethodNotAllowed extends TyrError {
  override readonly status = 405;
}

/** 406: the requested API microversion is outside the supported range. */
export class NotAcceptable extends TyrError {
  override readonly status = 406;
}

/** 409: a uniqueness rule or the resource's state conflicts with the request. */
export class Conflict extends TyrError {
  override readonly status = 409;
}

/** 409: another conductor or task holds the node's exclusive lock. */
export class NodeLocked extends Conflict {
  constructor(node: string, holder: string) {
    super(`Node ${node} is locked by host ${holder}, please retry after the current operation is completed.`);
  }
}

/**
 * 409: a conductor went to write a node it had locked and found the lock gone: another conductor
 * took the node over (this one missed heartbeats for heartbeat_timeout). Its work stops there.
 */
export class NodeLockLost extends Conflict {
  constructor(node: string, host: string) {
    super(
      `Conductor ${host} no longer holds the lock on node ${node}: another conductor took the node over (this one missed its heartbeats), so this operation stopped. Check the node's state and retry.`,
    );
  }
}

/** 409: `tyr migrate` stopped on one source row; the transaction rolled back, nothing was written. */
export class MigrationRowFailed extends Conflict {
  constructor(
    readonly row: string,
    cause: { message: string },
  ) {
    super(`migration rolled back, nothing was written: ${row} failed: ${cause.message}`);
  }

  override wireFields(): WireFields {
    return { detail: this.row };
  }

  static override fromWire(message: string, fields: WireFields): TyrError {
    const err = new MigrationRowFailed(fields.detail ?? 'an unnamed row', { message: '' });
    err.message = message;
    return err;
  }
}

const REFUSED_CALLBACK_MESSAGE =
  'No node is waiting for inspection data from this machine. Inspection data is accepted only for a node in ' +
  '"inspect wait" (baremetal node inspect) that the machine\'s MACs or BMC address match, or, with discovery enabled ' +
  '(discovery.enabled), from a machine that no node knows. The server log (agent-api, continue_inspection) says why this call was refused.';

/**
 * 404 for every refused inspection callback, as Ironic answers it: a caller without credentials
 * learns neither which nodes exist nor which state they are in. Why this call was refused (the
 * node, its state, the conflicting match) goes to the log only: `detail`.
 */
export class CallbackRefused extends NotFound {
  constructor(readonly detail: string) {
    super(REFUSED_CALLBACK_MESSAGE);
  }

  override wireFields(): WireFields {
    return { detail: this.detail };
  }

  static override fromWire(_message: string, fields: WireFields): TyrError {
    return new CallbackRefused(fields.detail ?? 'no reason given by the conductor');
  }
}

/** 413: the request body is larger than the endpoint accepts. */
export class PayloadTooLarge extends TyrError {
  override readonly status = 413;
}

/** 429: a rate limit was hit. */
export class TooManyRequests extends TyrError {
  override readonly status = 429;
}

/** 429 with the seconds after which a retry can succeed (the API sends it as Retry-After). */
export class RateLimited extends TyrError {
  override readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
  }

  override wireFields(): WireFields {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }

  static override fromWire(message: string, fields: WireFields): TyrError {
    return new RateLimited(fields.retryAfterSeconds ?? 60, message);
  }
}

/** 503: a temporary shortage (no free worker, a conductor unreachable); retrying later works. */
export class ServiceUnavailable extends TyrError {
  override readonly status = 503;
}

/** 503: the conductor's worker pool is full. */
export class NoFreeConductorWorker extends ServiceUnavailable {
  constructor() {
    super('Requested action cannot be performed due to lack of free conductor workers.');
  }
}

/** 503: every port of console.port_range is taken by an enabled console. */
export class NoFreeConsolePort extends ServiceUnavailable {}

/** Errors from talking to hardware (BMC, agent). Not a client error: the node records it. */
export class HardwareError extends TyrError {
  override readonly status = 500;
}

/**
 * 500: a stored row Tyr cannot read, written outside Tyr or by another version. The message names
 * the row and the bad value, so an operator can correct the row.
 */
export class InvalidStoredRow extends TyrError {
  override readonly status = 500;
}

/** Start-up configuration errors: printed as one line, then the process exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
