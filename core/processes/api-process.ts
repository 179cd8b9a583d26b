// The composition root of `tyr api` (scale-out): the REST API alone. It reads the database for
// GET requests and sends everything that changes a node to the conductor that owns it, over the
// internal RPC (core/rpc). It drives no hardware, serves no boot files and runs no periodic task,
// so any number of API processes can run side by side behind a load balancer.
import type http from 'node:http';
import { buildApiApp } from '../api/app.js';
import { apiAuth } from '../api/auth.js';
import { apiRouters } from '../api/routers.js';
import { NodeEventBus } from '../web/node-events.js';
import { webConsoleRouters } from '../web/routers.js';
import type { Config } from '../config.js';
import { RingView } from '../conductor/ring/ring-view.js';
import { DriverCatalog } from '../drivers/catalog.js';
import type { Store } from '../db/store.js';
import { boundPort, closeServer, listenThenServe, requestTimeoutsOf } from '../listen.js';
import { componentLogger, serviceLogger } from '../log.js';
import { RemoteConductor } from '../rpc/client.js';
import { maskedDbUrl, openStore } from './database.js';
import { conductorNodeMatching } from './node-matching.js';
import { startWithLifecycle } from './lifecycle.js';
import { metricsRouter } from '../metrics/endpoint.js';
import { startMetricsListener } from '../metrics/listener.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { requireRpcSecret } from './scale-out-config.js';

export interface RunningApi {
  config: Config;
  store: Store;
  api: http.Server;
  apiPort: number;
  stop(): Promise<void>;
}

export function startApiProcess(config: Config): Promise<RunningApi> {
  const root = serviceLogger(config);
  const log = componentLogger(root, 'api-process');
  requireRpcSecret(config);
  return startWithLifecycle(log, async (life) => {
    const metrics = new ServiceMetrics();
    const store = await openStore(config, life, log, metrics.db);
    metrics.watchFleet(store);
    metrics.watchRing({ store, heartbeatTimeoutSeconds: config.conductor.heartbeat_timeout });
    const apiLog = componentLogger(root, 'api');
    const { server: api, serve } = await listenThenServe(config.api.host, config.api.port, 'API', 'api-port', requestTimeoutsOf(config));
    life.add('API', () => closeServer(api));
    // Which drivers exist is what live conductors registered; this process loads no driver.
    const catalog = new DriverCatalog(store, config.conductor.heartbeat_timeout);
    const conductor = new RemoteConductor({
      store,
      ring: new RingView(store, config),
      matching: conductorNodeMatching(store, config),
      catalog,
      config,
      log: componentLogger(root, 'rpc-client'),
    });
    const nodeEvents = new NodeEventBus();
    const deps = {
      store,
      conductor,
      config,
      log: root,
      conductorOf: () => conductor.conductorOf(),
      onNodeDeleted: (uuid: string) => nodeEvents.nodeDeleted(uuid),
      metrics,
    };
    serve(
      buildApiApp({
        log: apiLog,
        agentConnectionsPerSource: config.http.max_connections_per_source,
        routers: [...apiRouters(deps), ...webConsoleRouters({ ...deps, nodeEvents, life }), metricsRouter(metrics)],
        before: [apiAuth(config, apiLog)],
        metrics: metrics.api,
      }),
    );
    await startMetricsListener(config, metrics, life, log);
    const apiPort = boundPort(api);
    log.info({ host: config.api.host, port: apiPort, db: maskedDbUrl(config) }, 'Tyr API process listening');
    return { config, store, api, apiPort, stop: () => life.stopAll() };
  });
}
