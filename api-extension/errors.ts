// Errors in the shape Nova's API gives them ({"itemNotFound": {"message", "code"}}), so legacy
// novaclient prints the message. Core API errors keep their status and message.
import type { ErrorRequestHandler } from 'express';
import { TyrApiError } from '../client/errors.js';
import { TyrError } from '../core/errors.js';

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  429: 'overLimit',
  409: 'conflictingRequest',
  502: 'computeFault',
  503: 'serviceUnavailable',
};

export class LegacyApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (m: string) => new LegacyApiError(400, m);
export const notFound = (m: string) => new LegacyApiError(404, m);
export const conflict = (m: string) => new LegacyApiError(409, m);

export function toLegacyError(err: unknown): LegacyApiError | undefined {
  if (err instanceof LegacyApiError) return err;
  if (err instanceof TyrError && err.status < 500) return new LegacyApiError(err.status, err.message); // authentication
  if (err instanceof TyrApiError) {
    if (err.status === 0) return new LegacyApiError(503, err.message);
    return new LegacyApiError(err.status >= 500 ? 502 : err.status, err.message);
  }
  if (err instanceof SyntaxError && 'body' in err) return badRequest(`The request body is not valid JSON: ${err.message}`);
  return undefined;
}

export const legacyErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = toLegacyError(err) ?? new LegacyApiError(500, `Internal error in the os-baremetal-nodes extension: ${(err as Error)?.message}`);
  const name = FAULT_NAMES[e.status] ?? (e.status >= 500 ? 'computeFault' : 'badRequest');
  res.status(e.status).json({ [name]: { message: e.message, code: e.status } });
};

/** A core 404 becomes the legacy itemNotFound with the given message. */
export async function or404<T>(p: Promise<T>, message: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof TyrApiError && err.status === 404) throw notFound(message);
    throw err;
  }
}
