// The composition root of `tyr server`: opens the database, brings its schema up to date, and
// starts the conductor, the API and the boot servers in one process. The scale-out halves are
// core/processes/api-process.ts and conductor-process.ts; all three pick implementations only
// through core/processes/drivers.ts.
import type http from 'node:http';
import { buildApiApp } from './api/app.js';
import { startBootServers, type BootServerOptions, type RunningBootServers } from './boot/boot-servers.js';
import { apiAuth } from './api/auth.js';
import { apiRouters } from './api/routers.js';
import { NodeEventBus } from './web/node-events.js';
import { webConsoleRouters } from './web/routers.js';
import { findNode } from './api/nodes/node-lookup.js';
import type { Config } from './config.js';
import { apiPublicUrl, bootPublicUrl } from './config-load.js';
import type { Store } from './db/store.js';
import type { Conductor } from './conductor/conductor.js';
import { createConductor } from './conductor/conductor.js';
import { ConsoleSupervisor } from './console/supervisor.js';
import { consoleWsRouter, routeUpgrades } from './console/ws-endpoint.js';
import { boundPort, closeServer, listenThenServe, requestTimeoutsOf } from './listen.js';
import { componentLogger, serviceLogger } from './log.js';
import { maskedDbUrl, openStore } from './processes/database.js';
import { buildDriverRegistry } from './processes/drivers.js';
import { startWithLifecycle } from './processes/lifecycle.js';
import { metricsRouter } from './metrics/endpoint.js';
import { startMetricsListener } from './metrics/listener.js';
import { ServiceMetrics } from './metrics/service-metrics.js';

export interface RunningServer {
  config: Config;
  store: Store;
  api: http.Server;
  apiPort: number;
  conductor: Conductor;
  boot: RunningBootServers;
  stop(): Promise<void>;
}

/** `opts.netns`: run dnsmasq inside that network namespace (tests on a namespace's bridge). */
export function startServer(config: Config, opts: Pick<BootServerOptions, 'netns'> = {}): Promise<RunningServer> {
  const root = serviceLogger(config);
  const log = componentLogger(root, 'server');
  return startWithLifecycle(log, async (life) => {
    const metrics = new ServiceMetrics();
    const store = await openStore(config, life, log, metrics.db);
    metrics.watchFleet(store);
    metrics.watchRing({ store, heartbeatTimeoutSeconds: config.conductor.heartbeat_timeout, host: config.service.host });
    const apiLog = componentLogger(root, 'api');
    const auth = apiAuth(config, apiLog);

    // Bind the API first (answering 503 until it is ready) and then the boot servers, so the real
    // ports are known: machines, agents and image URLs then get working addresses even when a
    // port was 0 (ephemeral).
    const {
      server: api,
      current,
      serve,
    } = await listenThenServe(config.api.host, config.api.port, 'API', 'api-port', requestTimeoutsOf(config));
    life.add('API', () => closeServer(api));
    const apiPort = boundPort(api);
    const boot = await startBootServers(config, store, () => apiPort, { log: root, netns: opts.netns });
    life.add('boot servers', () => boot.stop());
    const effective = withPublicUrls(config, apiPort, boot.httpPort);

    const consoles = new ConsoleSupervisor(effective, { log: componentLogger(root, 'console') });
    life.add('consoles', () => consoles.stopAll());
    routeUpgrades(api, current);
    const registry = await buildDriverRegistry(effective, consoles, life, boot.network, metrics.bmc);
    const conductor = createConductor({ config: effective, store, registry, log: componentLogger(root, 'conductor'), metrics });
    await conductor.start();
    life.add('conductor', () => conductor.stop());
    const nodeEvents = new NodeEventBus();
    const deps = { store, conductor, config: effective, log: root, metrics, onNodeDeleted: (uuid: string) => nodeEvents.nodeDeleted(uuid) };
    serve(
      buildApiApp({
        log: apiLog,
        agentConnectionsPerSource: config.http.max_connections_per_source,
        routers: [
          ...apiRouters(deps),
          ...webConsoleRouters({ ...deps, nodeEvents, life }),
          consoleWsRouter({ findNode: (req, ident) => findNode(req, store, ident), consoles }),
          metricsRouter(metrics),
        ],
        before: [auth],
        metrics: metrics.api,
      }),
    );
    await startMetricsListener(config, metrics, life, log);

    log.info(
      { host: config.api.host, port: apiPort, boot_http_port: boot.httpPort, tftp_port: boot.tftpPort ?? null, db: maskedDbUrl(config) },
      'Tyr API listening',
    );
    return {
      config: effective,
      store,
      api,
      apiPort,
      conductor,
      boot,
      async stop() {
        await life.stopAll();
        log.info('Tyr stopped');
      },
    };
  });
}

/** The configuration with the public URLs filled in from the bound ports, where not configured. */
function withPublicUrls(config: Config, apiPort: number, bootPort: number): Config {
  return Object.freeze({
    ...config,
    api: Object.freeze({ ...config.api, public_url: apiPublicUrl(config, apiPort) }),
    boot: Object.freeze({ ...config.boot, public_url: bootPublicUrl(config, bootPort) }),
  });
}
