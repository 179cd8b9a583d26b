// The one place errors become HTTP responses. Ironic's clients expect the body
// {"error_message": "<a JSON string with faultstring, faultcode and debuginfo>"}: the nested
// string is odd, and this is the only file that knows about it.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFound, TyrError } from '../errors.js';
import type { Logger } from '../log.js';

export function errorBody(status: number, message: string): { error_message: string } {
  return {
    error_message: JSON.stringify({ faultstring: message, faultcode: status < 500 ? 'Client' : 'Server', debuginfo: null }),
  };
}

/** express.json() and friends throw errors with a `status` and a `type`; keep their 4xx. */
function bodyParserError(err: unknown): { status: number; message: string } | undefined {
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return { status: 400, message: `The request body is not valid JSON: ${e.message}` };
  if (e?.type === 'entity.too.large') return { status: 413, message: 'The request body is too large.' };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, message: e.message ?? 'Bad request' };
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status: number;
    let message: string;
    const parsed = bodyParserError(err);
    if (err instanceof TyrError) {
      status = err.status;
      message = err.message;
    } else if (parsed) {
      ({ status, message } = parsed);
    } else {
      status = 500;
      message = 'Internal server error. The failure was logged; please report it.';
      log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error in API request');
    }
    if (status < 500)
      log.info({ status, method: req.method, url: req.originalUrl, source: req.socket.remoteAddress, msg: message }, 'client error');
    res.status(status).json(errorBody(status, message));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFound(`The resource ${req.path} could not be found.`));
};
