// Builds the REST API's express application: version negotiation, one router per resource, and
// the single error formatter at the end.
import express, { type Router } from 'express';
import type { Logger } from '../log.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { negotiateVersion } from './microversion.js';
import { rootRouter } from './root.js';

// Routers that take no API credentials: the ramdisk agent's lookup and heartbeat (a booting
// machine has none; its own token guards the heartbeat). They are mounted before `before`.
const PUBLIC = new WeakSet<Router>();

export function publicRouter(router: Router): Router {
  PUBLIC.add(router);
  return router;
}

export interface ApiAppOptions {
  log: Logger;
  /** Routers mounted after authentication (except those marked with publicRouter), in order. */
  routers: Router[];
  /** Middleware run before the routers (authentication). */
  before?: express.RequestHandler[];
}

export function buildApiApp(opts: ApiAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Ironic sends no ETags, and hashing a 1000-node page costs milliseconds per request.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(negotiateVersion);
  // Clients send PATCH bodies as application/json or application/json-patch+json.
  app.use(express.json({ limit: '1mb', strict: false, type: ['application/json', 'application/*+json'] }));
  app.use(rootRouter());
  for (const router of opts.routers) if (PUBLIC.has(router)) app.use(router);
  for (const mw of opts.before ?? []) app.use(mw);
  for (const router of opts.routers) if (!PUBLIC.has(router)) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(opts.log));
  return app;
}
