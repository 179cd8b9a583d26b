// Builds the REST API's express application: version negotiation, one router per resource, and
// the single error formatter at the end.
import express, { type Router } from 'express';
import type { Logger } from '../log.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { negotiateVersion } from './microversion.js';
import { rootRouter } from './root.js';

export interface ApiAppOptions {
  log: Logger;
  /** Routers mounted after authentication, in order. */
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
  for (const mw of opts.before ?? []) app.use(mw);
  for (const router of opts.routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(opts.log));
  return app;
}
