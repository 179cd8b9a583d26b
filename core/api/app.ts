// Builds the REST API's express application: version negotiation, one router per resource, and
// the single error formatter at the end.
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from '../log.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import { limitPerSource } from '../source-limit.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { useIronicJson } from './ironic-json.js';
import { jsonBody } from './json-body.js';
import { negotiateVersion } from './microversion.js';
import { rootRouter } from './root.js';

// Routers that take no API credentials: the ramdisk agent's lookup and heartbeat (a booting
// machine has none; its own token guards the heartbeat). They are mounted before `before`.
const PUBLIC = new WeakSet<Router>();
// Public routers that read their bodies themselves (their own size bound and content types).
const OWN_BODY = new WeakSet<Router>();

/** The paths a router's routes answer (express keeps them on its route layers). */
function routePaths(router: Router): string[] {
  return router.stack.flatMap((layer) => {
    const p = (layer.route as { path?: string | string[] } | undefined)?.path;
    return p === undefined ? [] : Array.isArray(p) ? p : [p];
  });
}

export function publicRouter(router: Router, opts: { ownBodyParser?: boolean } = {}): Router {
  PUBLIC.add(router);
  if (opts.ownBodyParser) OWN_BODY.add(router);
  return router;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Stored timestamps end in "Z"; Ironic writes "+00:00", and some clients parse only that (see ironic-json.ts). */
export function ironicTimestamps(key: string, value: unknown): unknown {
  return typeof value === 'string' && key.endsWith('_at') && ISO_UTC.test(value) ? `${value.slice(0, -1)}+00:00` : value;
}

/** The agent's endpoints: any machine on the provisioning network may call them. */
const AGENT_PATHS = ['/v1/lookup', '/v1/heartbeat', '/v1/continue_inspection'];

export interface ApiAppOptions {
  log: Logger;
  /** Connections one source may hold to the agent's endpoints (http.max_connections_per_source; 0: no cap). */
  agentConnectionsPerSource?: number;
  /** Routers mounted after authentication (except those marked with publicRouter), in order. */
  routers: Router[];
  /** Middleware run before the routers (authentication). */
  before?: express.RequestHandler[];
  /** Times every request (the API request metrics). */
  metrics?: ApiMetrics;
}

export function buildApiApp(opts: ApiAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Ironic sends no ETags, and hashing a 1000-node page costs milliseconds per request.
  app.set('etag', false);
  app.set('query parser', 'simple');
  useIronicJson(app);
  if (opts.metrics) app.use(opts.metrics.middleware());
  app.use((_req, res, next) => {
    res.setHeader('Openstack-Request-Id', `req-${randomUUID()}`);
    next();
  });
  // Before the body is read, so a source over its cap cannot hold more sockets with slow bodies.
  app.use(AGENT_PATHS, limitPerSource(opts.agentConnectionsPerSource ?? 0));
  app.use(negotiateVersion);
  // Clients send PATCH bodies as application/json or application/json-patch+json.
  const json = jsonBody({ limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.use(rootRouter());
  // A body is parsed only once the request may be served: for the public routes themselves, and
  // otherwise after authentication, so an anonymous caller cannot make the API parse a megabyte.
  for (const router of opts.routers) {
    if (!PUBLIC.has(router)) continue;
    const paths = routePaths(router);
    if (paths.length && !OWN_BODY.has(router)) app.all(paths, json);
    app.use(router);
  }
  for (const mw of opts.before ?? []) app.use(mw);
  app.use(json);
  for (const router of opts.routers) if (!PUBLIC.has(router)) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(opts.log));
  return app;
}
