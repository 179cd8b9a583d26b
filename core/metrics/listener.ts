// The separate /metrics listener ([metrics] port): no authentication, for a Prometheus scraper
// on a trusted network, and the only way to scrape a `tyr conductor` (it has no API port). Off
// (port 0) by default. It serves /metrics and nothing else.
import type http from 'node:http';
import express from 'express';
import type { Config } from '../config.js';
import { boundPort, closeServer, listen, requestTimeoutsOf } from '../listen.js';
import type { Logger } from '../log.js';
import type { Lifecycle } from '../processes/lifecycle.js';
import { METRICS_PATH, metricsHandler } from './endpoint.js';
import type { ServiceMetrics } from './service-metrics.js';

/** Starts the listener when [metrics] port is set; returns its server, or undefined when disabled. */
export async function startMetricsListener(
  config: Config,
  metrics: ServiceMetrics,
  life: Lifecycle,
  log: Logger,
): Promise<http.Server | undefined> {
  const { host, port } = config.metrics;
  if (port === 0) return undefined;
  const app = express();
  app.disable('x-powered-by');
  app.get(METRICS_PATH, metricsHandler(metrics));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send(`Only GET ${METRICS_PATH} is served here.\n`);
  });
  const server = await listen(app, host, port, 'metrics', 'metrics-port', requestTimeoutsOf(config));
  life.add('metrics listener', () => closeServer(server));
  log.info({ host, port: boundPort(server) }, `metrics listening (GET ${METRICS_PATH}, no authentication)`);
  return server;
}
