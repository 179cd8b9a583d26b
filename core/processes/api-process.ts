// The composition root of `tyr api` (scale-out): the REST API alone. It reads the database for
// GET requests and sends everything that changes a node to the conductor that owns it, over the
// internal RPC (core/rpc). It drives no hardware, serves no boot files and runs no periodic task,
// so any number of API processes can run side by side behind a load balancer.
import type http from 'node:http';
import { buildApiApp } from '../api/app.js';
import { apiAuth } from '../api/auth.js';
import { apiRouters } from '../api/routers.js';
import type { Config } from '../config.js';
import { RingView } from '../conductor/ring/ring-view.js';
import { ConsoleSupervisor } from '../console/supervisor.js';
import type { Store } from '../db/store.js';
import { boundPort, closeServer, listenThenServe, requestTimeoutsOf } from '../listen.js';
import { componentLogger, setLogLevel } from '../log.js';
import { RemoteConductor } from '../rpc/client.js';
import { maskedDbUrl, openStore } from './database.js';
import { buildDriverRegistry } from './drivers.js';
import { conductorNodeMatching } from './node-matching.js';
import { startWithLifecycle } from './lifecycle.js';
import { requireRpcSecret } from './scale-out-config.js';

export interface RunningApi {
  config: Config;
  store: Store;
  api: http.Server;
  apiPort: number;
  stop(): Promise<void>;
}

export function startApiProcess(config: Config): Promise<RunningApi> {
  setLogLevel(config.service.log_level);
  const log = componentLogger('api-process');
  requireRpcSecret(config);
  return startWithLifecycle(log, async (life) => {
    const store = await openStore(config, life, log);
    const apiLog = componentLogger('api');
    const { server: api, serve } = await listenThenServe(config.api.host, config.api.port, 'API', 'api-port', requestTimeoutsOf(config));
    life.add('API', () => closeServer(api));
    // The registry only answers which drivers and interfaces exist; no console ever starts here.
    const registry = await buildDriverRegistry(config, new ConsoleSupervisor(config, { log }));
    const conductor = new RemoteConductor({ store, ring: new RingView(store, config), matching: conductorNodeMatching(store, config), registry, config, log: componentLogger('rpc-client') });
    serve(buildApiApp({ log: apiLog, agentConnectionsPerSource: config.http.max_connections_per_source, routers: apiRouters({ store, conductor, config, conductorOf: () => conductor.conductorOf() }), before: [apiAuth(config, apiLog)] }));
    const apiPort = boundPort(api);
    log.info({ host: config.api.host, port: apiPort, db: maskedDbUrl(config) }, 'Tyr API process listening');
    return { config, store, api, apiPort, stop: () => life.stopAll() };
  });
}
