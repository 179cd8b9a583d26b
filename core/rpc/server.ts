// The conductor's side of the internal RPC: POST /rpc runs one ConductorApi method for an API
// process. Callers prove themselves with the shared secret (Authorization: Bearer <secret>),
// compared in constant time. GET /rpc/health needs no secret: load balancers and the tests use it.
import { createHash, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import express, { type Request, type Response, type Router } from 'express';
import { jsonBody } from '../api/json-body.js';
import type { ConductorApi } from '../conductor/conductor-api.js';
import { ConfigError, InvalidParameterValue, PayloadTooLarge, TyrError } from '../errors.js';
import type { Logger } from '../log.js';
import { isRpcMethod, RPC_CODES, RPC_METHODS, RPC_PATH, type RpcError, type RpcId, type RpcResponse } from './protocol.js';
import { encodeError } from './wire-errors.js';

export interface RpcServerOptions {
  secret: string;
  log: Logger;
}

// Hashing both sides gives equal lengths, so timingSafeEqual never leaks the secret's length.
const digest = (s: string) => createHash('sha256').update(s).digest();

function authorized(req: Request, expected: Buffer): boolean {
  const header = req.get('authorization') ?? '';
  const m = /^Bearer (.+)$/.exec(header);
  return timingSafeEqual(digest(m?.[1] ?? ''), expected) && m !== null;
}

function protocolError(code: number, message: string, cls: typeof TyrError = InvalidParameterValue): RpcError {
  return { code, message, data: { class: cls.name, status: new cls('').status, message } };
}

function reply(res: Response, id: RpcId, outcome: { result: unknown } | { error: RpcError }): void {
  const body: RpcResponse = { jsonrpc: '2.0', id, ...outcome };
  res.status(200).json(body);
}

/** Checks the envelope; returns the call or the JSON-RPC error that answers it. */
function parseCall(body: unknown): { id: RpcId; method?: string; params?: unknown[]; error?: RpcError } {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const id = typeof b.id === 'string' || typeof b.id === 'number' ? b.id : null;
  if (b.jsonrpc !== '2.0' || typeof b.method !== 'string') {
    return {
      id,
      error: protocolError(
        RPC_CODES.invalidRequest,
        'Not a JSON-RPC 2.0 request: expected {"jsonrpc":"2.0","id":…,"method":"…","params":[…]} (batches are not supported).',
      ),
    };
  }
  if (!isRpcMethod(b.method)) {
    return {
      id,
      error: protocolError(RPC_CODES.methodNotFound, `Unknown RPC method "${b.method}"; callable: ${Object.keys(RPC_METHODS).join(', ')}.`),
    };
  }
  const params = b.params ?? [];
  if (!Array.isArray(params) || params.length > RPC_METHODS[b.method]) {
    return {
      id,
      error: protocolError(
        RPC_CODES.invalidParams,
        `RPC method ${b.method} takes a list of at most ${RPC_METHODS[b.method]} arguments as params.`,
      ),
    };
  }
  return { id, method: b.method, params };
}

export function rpcRouter(conductor: ConductorApi, opts: RpcServerOptions): Router {
  if (!opts.secret)
    throw new ConfigError(
      'The conductor RPC needs a shared secret: set rpc.secret (TYR_RPC_SECRET), the same in every API and conductor process.',
    );
  const expected = digest(opts.secret);
  const router = express.Router();

  router.get(`${RPC_PATH}/health`, (_req, res) => {
    res.json({ hostname: conductor.hostname || os.hostname() });
  });

  router.post(
    RPC_PATH,
    (req, res, next) => {
      if (authorized(req, expected)) return next();
      opts.log.warn(
        { source: req.socket.remoteAddress, has_authorization: req.get('authorization') !== undefined },
        'RPC call refused: missing or wrong shared secret',
      );
      const message = 'The RPC call needs "Authorization: Bearer <rpc.secret>" with the secret this conductor was started with.';
      res.status(401).json({
        jsonrpc: '2.0',
        id: null,
        error: { code: RPC_CODES.invalidRequest, message, data: { class: 'NotAuthorized', status: 401, message } },
      });
    },
    jsonBody({ limit: '4mb' }),
    async (req, res) => {
      const call = parseCall(req.body);
      if (call.error || !call.method) return reply(res, call.id, { error: call.error! });
      const method = call.method as keyof typeof RPC_METHODS;
      const started = Date.now();
      try {
        const result: unknown = await (conductor[method] as (...args: unknown[]) => unknown).apply(conductor, call.params!);
        opts.log.debug({ method, ms: Date.now() - started }, 'RPC call');
        reply(res, call.id, { result: result ?? null });
      } catch (err) {
        if (err instanceof TyrError) opts.log.debug({ method, status: err.status, msg: err.message }, 'RPC call refused');
        else opts.log.error({ err, method }, 'RPC call failed with an unexpected error');
        reply(res, call.id, { error: encodeError(err, conductor.hostname) });
      }
    },
  );

  // A body that is not JSON never reaches the method: answer it as JSON-RPC's parse error.
  router.use(RPC_PATH, ((err, _req, res, next) => {
    const type = (err as { type?: string })?.type;
    if (type === 'entity.parse.failed' || type === 'entity.too.large') {
      const cls = type === 'entity.too.large' ? PayloadTooLarge : InvalidParameterValue;
      return reply(res, null, {
        error: protocolError(RPC_CODES.parseError, `The RPC body could not be read: ${(err as Error).message}`, cls),
      });
    }
    next(err);
  }) as express.ErrorRequestHandler);

  return router;
}
