// The shim's express application: JSON in and out, the two resources, the OpenAPI document, the
// legacy os-baremetal-nodes router, and one error formatter.
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { TyrError } from '../core/errors.js';
import type { Logger } from 'pino';
import type { Shim } from './context.js';
import { fromCoreError, ShimError } from './errors.js';
import { OPENAPI } from './openapi.js';
import { instancesRouter } from './routes-instances.js';
import { nodesRouter } from './routes-nodes.js';

export interface ShimAppOptions {
  pageSize: number;
  log?: Logger;
  /** Authentication of callers (core/api/auth.ts); runs before any body is read. */
  auth?: RequestHandler;
  /** Mounted at /os-baremetal-nodes (with its own error format; it authenticates itself). */
  baremetalNodes?: Router;
}

export function errorBody(err: unknown, log?: Logger): { status: number; body: { error: { type: string; message: string } } } {
  const e = fromCoreError(err);
  // Authentication's 401/403/429: the class name is nova.exception's where one exists.
  if (e instanceof TyrError && e.status < 500) return { status: e.status, body: { error: { type: e.name, message: e.message } } };
  if (e instanceof ShimError) return { status: e.status, body: { error: { type: e.type, message: e.message } } };
  if (e instanceof SyntaxError && 'body' in e)
    return { status: 400, body: { error: { type: 'InvalidInput', message: `The request body is not valid JSON: ${e.message}` } } };
  log?.error({ err: e }, 'shim bug');
  return {
    status: 500,
    body: { error: { type: 'NovaException', message: `Internal error in the Tyr shim: ${(e as Error)?.message ?? String(e)}` } },
  };
}

export function buildShimApp(shim: Shim, opts: ShimAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI);
  });
  if (opts.baremetalNodes) app.use('/os-baremetal-nodes', opts.baremetalNodes);
  if (opts.auth) app.use(opts.auth);
  app.use(express.json({ limit: '64mb' })); // config drives travel in the body
  app.get('/', (_req, res) => {
    res.json({ name: 'tyr-nova-shim', core_url: shim.client.url, openapi: '/openapi.json' });
  });
  app.use(instancesRouter(shim, opts.pageSize));
  app.use(nodesRouter(shim));
  app.use((req, res) => {
    res.status(404).json({ error: { type: 'NotFound', message: `No such path ${req.method} ${req.path}; see /openapi.json.` } });
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const { status, body } = errorBody(err, opts.log);
    res.status(status).json(body);
  };
  app.use(onError);
  return app;
}
