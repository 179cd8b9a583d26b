// One error hierarchy for the whole service. Each class carries its HTTP status, so the API can
// turn any error into a response in one place (core/api/error-handler.ts). A client error has a
// message a person can act on; anything that is not a TyrError becomes a 500 and is a bug.

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
    super(`Conductor ${host} no longer holds the lock on node ${node}: another conductor took the node over (this one missed its heartbeats), so this operation stopped. Check the node's state and retry.`);
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

/** Errors from talking to hardware (BMC, agent). Not a client error: the node records it. */
export class HardwareError extends TyrError {
  override readonly status = 500;
}

/** Start-up configuration errors: printed as one line, then the process exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
