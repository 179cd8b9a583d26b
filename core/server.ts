// The composition root of `tyr server`: opens the database, brings its schema up to date, and
// starts the conductor, the API and the boot servers in one process. This is the
// only file that picks concrete implementations.
import type http from 'node:http';
import { buildApiApp } from './api/app.js';
import { startBootServers, type RunningBootServers } from './boot/boot-servers.js';
import { apiAuth } from './api/auth.js';
import { apiRouters } from './api/routers.js';
import type { Config } from './config.js';
import { apiPublicUrl, bootPublicUrl } from './config-load.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { Store } from './db/store.js';
import { Conductor, createConductor } from './conductor/conductor.js';
import { ConsoleSupervisor } from './console/supervisor.js';
import { consoleWsRouter, routeUpgrades } from './console/ws-endpoint.js';
import { builtinImplementations } from './drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES } from './drivers/hardware-types.js';
import { AgentBios } from './drivers/agent/bios.js';
import { DirectDeploy } from './drivers/agent/direct-deploy.js';
import { AgentFirmware } from './drivers/agent/firmware.js';
import { AgentRaid } from './drivers/agent/raid.js';
import { AgentInspect } from './drivers/agent/inspect.js';
import { AgentRescue } from './drivers/agent/rescue.js';
import { IpxeBoot } from './drivers/ipxe/boot.js';
import { IpmitoolSocatConsole } from './drivers/ipmitool/console.js';
import { IpmitoolManagement } from './drivers/ipmitool/management.js';
import { IpmitoolPower } from './drivers/ipmitool/power.js';
import { loadDriverModules } from './drivers/modules.js';
import { DriverRegistry, type ImplementationMap } from './drivers/registry.js';
import { boundPort, closeServer, listen } from './listen.js';
import { componentLogger, setLogLevel } from './log.js';

export interface RunningServer {
  config: Config;
  store: Store;
  api: http.Server;
  apiPort: number;
  conductor: Conductor;
  boot: RunningBootServers;
  stop(): Promise<void>;
}

/** The one map of hardware interface implementations: framework fakes plus real hardware. */
export function driverImplementations(consoles: ConsoleSupervisor): ImplementationMap {
  const builtin = builtinImplementations();
  return {
    ...builtin,
    power: { ...builtin.power, ipmitool: (config) => new IpmitoolPower(config) },
    management: { ...builtin.management, ipmitool: (config) => new IpmitoolManagement(config) },
    boot: { ...builtin.boot, ipxe: () => new IpxeBoot() },
    deploy: { ...builtin.deploy, direct: () => new DirectDeploy() },
    rescue: { ...builtin.rescue, agent: () => new AgentRescue() },
    inspect: { ...builtin.inspect, agent: () => new AgentInspect() },
    bios: { ...builtin.bios, agent: () => new AgentBios() },
    raid: { ...builtin.raid, agent: () => new AgentRaid() },
    firmware: { ...builtin.firmware, agent: () => new AgentFirmware() },
    console: { ...builtin.console, 'ipmitool-socat': (config) => new IpmitoolSocatConsole(config, consoles) },
  };
}

export async function startServer(config: Config): Promise<RunningServer> {
  setLogLevel(config.service.log_level);
  const log = componentLogger('server');
  // What has started, in order; stopped in reverse on shutdown or when a later step fails.
  const started: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of started.reverse()) {
      await stop().catch((err: unknown) => log.error({ err }, `stopping ${name} failed`));
    }
  };
  try {
    const db = await openDatabase(config.database.url, { sqliteSynchronous: config.database.sqlite_synchronous });
    const store = new Store(db);
    started.push({ name: 'database', stop: () => store.close() });
    const migrated = await migrateToLatest(db);
    const applied = migrated.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    if (applied.length) log.info({ applied }, 'database schema upgraded');

    const apiLog = componentLogger('api');
    const auth = apiAuth(config, apiLog);

    // Bind the API first (answering 503 until it is ready) and then the boot servers, so the real
    // ports are known: machines, agents and image URLs then get working addresses even when a
    // port was 0 (ephemeral).
    let handler: http.RequestListener = (_req, res) => { res.writeHead(503, { 'Retry-After': '1' }).end(); };
    const api = await listen((req, res) => handler(req, res), config.api.host, config.api.port, 'API', 'api-port');
    started.push({ name: 'API', stop: () => closeServer(api) });
    const apiPort = boundPort(api);
    const boot = await startBootServers(config, store, () => apiPort);
    started.push({ name: 'boot servers', stop: () => boot.stop() });
    const effective = withPublicUrls(config, apiPort, boot.httpPort);

    const consoles = new ConsoleSupervisor(effective, { log: componentLogger('console') });
    started.push({ name: 'consoles', stop: () => consoles.stopAll() });
    routeUpgrades(api, () => handler);
    const drivers = await loadDriverModules(effective, driverImplementations(consoles), BUILTIN_HARDWARE_TYPES);
    const registry = new DriverRegistry(effective, drivers.implementations, drivers.hardwareTypes);
    const conductor = createConductor({ config: effective, store, registry, log: componentLogger('conductor') });
    await conductor.start();
    started.push({ name: 'conductor', stop: () => conductor.stop() });
    handler = buildApiApp({ log: apiLog, routers: [...apiRouters({ store, conductor, config: effective }), consoleWsRouter({ store, consoles })], before: [auth] });

    log.info({ host: config.api.host, port: apiPort, boot_http_port: boot.httpPort, tftp_port: boot.tftpPort ?? null,
      db: config.database.url.replace(/:[^:@/]*@/, ':******@') }, 'Tyr API listening');
    return {
      config: effective, store, api, apiPort, conductor, boot,
      async stop() {
        await stopAll();
        log.info('Tyr stopped');
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The configuration with the public URLs filled in from the bound ports, where not configured. */
function withPublicUrls(config: Config, apiPort: number, bootPort: number): Config {
  return Object.freeze({
    ...config,
    api: Object.freeze({ ...config.api, public_url: apiPublicUrl(config, apiPort) }),
    boot: Object.freeze({ ...config.boot, public_url: bootPublicUrl(config, bootPort) }),
  });
}
