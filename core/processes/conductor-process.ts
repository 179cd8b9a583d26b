// The composition root of `tyr conductor` (scale-out): one conductor, its boot servers and its
// consoles, with no public API. API processes reach it over the internal RPC endpoint; it owns
// the nodes the hash ring gives it, runs the periodic tasks for those only, and takes over the
// nodes of conductors that stop heartbeating.
import type http from 'node:http';
import express from 'express';
import { startBootServers, type RunningBootServers } from '../boot/boot-servers.js';
import type { Config } from '../config.js';
import { apiPublicUrl, bootPublicUrl, rpcPublicUrl } from '../config-load.js';
import { type Conductor, createConductor } from '../conductor/conductor.js';
import { RingView } from '../conductor/ring/ring-view.js';
import { ConsoleSupervisor } from '../console/supervisor.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import { boundPort, closeServer, listenThenServe, requestTimeoutsOf } from '../listen.js';
import { componentLogger, serviceLogger, type Logger } from '../log.js';
import { rpcRouter } from '../rpc/server.js';
import { maskedDbUrl, openStore } from './database.js';
import { buildDriverRegistry } from './drivers.js';
import { startWithLifecycle } from './lifecycle.js';
import { startMetricsListener } from '../metrics/listener.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { requireApiPublicUrl, requireRpcSecret } from './scale-out-config.js';

export interface RunningConductor {
  config: Config;
  store: Store;
  conductor: Conductor;
  rpc: http.Server;
  rpcUrl: string;
  boot: RunningBootServers;
  stop(): Promise<void>;
}

export function startConductorProcess(config: Config): Promise<RunningConductor> {
  const root = serviceLogger(config);
  const log = componentLogger(root, 'conductor-process');
  requireRpcSecret(config);
  requireApiPublicUrl(config);
  const host = config.service.host;
  return startWithLifecycle(log, async (life) => {
    // No API port here: its metrics are served only by the [metrics] port listener. The fleet
    // gauges are left to API processes (every conductor would report the same whole fleet).
    const metrics = new ServiceMetrics();
    const store = await openStore(config, life, log, metrics.db);
    metrics.watchRing({ store, heartbeatTimeoutSeconds: config.conductor.heartbeat_timeout, host });
    const ring = new RingView(store, config);
    const rpc = await listenThenServe(config.rpc.host, config.rpc.port, 'conductor RPC', 'rpc-port', requestTimeoutsOf(config));
    life.add('RPC endpoint', () => closeServer(rpc.server));
    const rpcUrl = rpcPublicUrl(config, boundPort(rpc.server));

    const boot = await startBootServers(config, store, () => config.api.port, {
      log: root,
      ownerBootUrl: (node) => otherOwnersBootUrl(ring, host, node),
    });
    life.add('boot servers', () => boot.stop());
    const bootUrl = bootPublicUrl(config, boot.httpPort);
    const effective = Object.freeze({ ...config, boot: Object.freeze({ ...config.boot, public_url: bootUrl }) });

    const consoles = new ConsoleSupervisor(effective, { log: componentLogger(root, 'console') });
    life.add('consoles', () => consoles.stopAll());
    const registry = await buildDriverRegistry(effective, consoles, life, boot.network, metrics.bmc);
    // start() registers it with its URLs; from then on the ring counts it and API processes call
    // it (the endpoint answers 503 Retry-After until serve() below, and callers retry).
    const conductor = createConductor({
      config: effective,
      store,
      registry,
      ring,
      host,
      urls: { rpc_url: rpcUrl, boot_url: bootUrl },
      log: componentLogger(root, 'conductor'),
      metrics,
    });
    await conductor.start();
    life.add('conductor', () => conductor.stop());
    rpc.serve(rpcApp(conductor, config, componentLogger(root, 'rpc')));
    await startMetricsListener(config, metrics, life, log);

    log.info({ host, rpc_url: rpcUrl, boot_url: bootUrl, api_url: apiPublicUrl(config), db: maskedDbUrl(config) }, 'Tyr conductor running');
    return { config: effective, store, conductor, rpc: rpc.server, rpcUrl, boot, stop: () => life.stopAll() };
  });
}

function rpcApp(conductor: Conductor, config: Config, log: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(rpcRouter(conductor, { secret: config.rpc.secret, log }));
  return app;
}

/** The boot URL of the node's owner when that is another live conductor; null when it is this one. */
async function otherOwnersBootUrl(ring: RingView, host: string, node: Node): Promise<string | null> {
  const owner = await ring.ownerOf(node);
  if (!owner || owner === host) return null;
  const live = await ring.liveConductors();
  return live.find((c) => c.hostname === owner)?.boot_url ?? null;
}
