// Errors across the RPC: a TyrError raised in the conductor travels as its class name, status and
// message, and the API process raises the same class again, so the REST answer (status, message,
// Retry-After) is the one the in-process conductor would have given. Anything else is a bug on
// the conductor: it is logged there with its stack, and only a 500 with a pointer travels.
import * as errors from '../errors.js';
import { TyrError } from '../errors.js';
import { RPC_CODES, type RpcError, type RpcErrorData } from './protocol.js';

type ErrorClass = typeof TyrError;

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === TyrError || value.prototype instanceof TyrError);
}

/** Every TyrError class the conductor can raise, by name: the hierarchy in core/errors.ts holds them all. */
const CLASSES = new Map<string, ErrorClass>((Object.values(errors) as unknown[]).filter(isErrorClass).map((c) => [c.name, c]));

/** The class to fall back on when a newer conductor raises a class this process does not know. */
const BY_STATUS: Record<number, ErrorClass> = {
  400: errors.InvalidParameterValue,
  401: errors.NotAuthorized,
  403: errors.Forbidden,
  404: errors.NotFound,
  405: errors.MethodNotAllowed,
  406: errors.NotAcceptable,
  409: errors.Conflict,
  413: errors.PayloadTooLarge,
  429: errors.TooManyRequests,
  503: errors.ServiceUnavailable,
};

export function encodeError(err: unknown, host: string): RpcError {
  if (err instanceof TyrError) {
    const data: RpcErrorData = { ...err.wireFields(), class: err.name, status: err.status, message: err.message };
    return { code: RPC_CODES.applicationError, message: err.message, data };
  }
  const message = `Internal error in conductor ${host}; it was logged there. Please report it.`;
  return { code: RPC_CODES.internalError, message, data: { class: 'TyrError', status: 500, message } };
}

/** The error to raise in the API process for an RPC error answer. */
export function decodeError(error: RpcError | undefined): TyrError {
  const data = error?.data;
  if (!data || typeof data.status !== 'number' || typeof data.message !== 'string') {
    return new TyrError(`The conductor answered an RPC error without details: ${JSON.stringify(error)?.slice(0, 200)}`);
  }
  const known = CLASSES.get(data.class);
  if (known) {
    const err = known.fromWire(data.message, data);
    if (err.status === data.status) return err;
  }
  const fallback = BY_STATUS[data.status];
  if (fallback) return fallback.fromWire(data.message, data);
  const err = new TyrError(data.message);
  Object.defineProperty(err, 'status', { value: data.status });
  return err;
}
