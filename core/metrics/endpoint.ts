// GET /metrics: the Prometheus text exposition. On the API port it is an ordinary authenticated
// route (readers may read it); the separate listener (listener.ts) serves the same handler.
import { Router, type RequestHandler } from 'express';
import type { ServiceMetrics } from './service-metrics.js';

export const METRICS_PATH = '/metrics';

export function metricsHandler(metrics: ServiceMetrics): RequestHandler {
  return async (_req, res, next) => {
    try {
      const text = await metrics.exposition();
      res.setHeader('Content-Type', metrics.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    } catch (err) {
      next(err);
    }
  };
}

/** The API router: mounted after authentication, like every non-agent route. */
export function metricsRouter(metrics: ServiceMetrics): Router {
  const router = Router();
  router.get(METRICS_PATH, metricsHandler(metrics));
  return router;
}
