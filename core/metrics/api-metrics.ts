// API request latency: one histogram by method, route template and status. The route is the
// template express matched (/v1/nodes/:node_ident), never the raw URL: node UUIDs and names in
// paths would give every node its own series (unbounded cardinality).
import type { RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

/** A request no route answered (404s, authentication refusals before routing, static files). */
export const UNMATCHED_ROUTE = 'unmatched';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// From a fast GET (~1 ms) to a slow bulk call or a long-poll (~30 s).
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface MatchedRequest {
  baseUrl: string;
  route?: { path?: unknown };
}

/** The matched route's template (first of a route's alternative paths), or "unmatched". */
export function routeTemplate(req: MatchedRequest): string {
  const path = req.route?.path;
  const first: unknown = Array.isArray(path) ? (path as unknown[])[0] : path;
  if (typeof first !== 'string') return UNMATCHED_ROUTE;
  return `${req.baseUrl}${first}` || '/';
}

export class ApiMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'tyr_api_request_duration_seconds',
      help: 'Time the REST API took to answer a request, by HTTP method, matched route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** Times every request from its arrival to the end of its response. Mount it first. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const stop = this.duration.startTimer();
      res.once('finish', () => {
        stop({
          method: METHODS.has(req.method) ? req.method : 'other',
          route: routeTemplate(req),
          status_code: String(res.statusCode),
        });
      });
      next();
    };
  }
}
