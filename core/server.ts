// The composition root of `tyr server`: opens the database, brings its schema up to date, and
// starts the API (and, as they arrive, the conductor and boot server) in one process. This is the
// only file that picks concrete implementations.
import type http from 'node:http';
import { buildApiApp } from './api/app.js';
import { apiAuth } from './api/auth.js';
import { apiRouters } from './api/routers.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { Store } from './db/store.js';
import { Conductor, createConductor } from './conductor/conductor.js';
import { builtinImplementations } from './drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES } from './drivers/hardware-types.js';
import { IpmitoolManagement } from './drivers/ipmitool/management.js';
import { IpmitoolPower } from './drivers/ipmitool/power.js';
import { DriverRegistry, type ImplementationMap } from './drivers/registry.js';
import { boundPort, closeServer, listen } from './listen.js';
import { componentLogger, setLogLevel } from './log.js';

export interface RunningServer {
  config: Config;
  store: Store;
  api: http.Server;
  apiPort: number;
  conductor: Conductor;
  stop(): Promise<void>;
}

/** The one map of hardware interface implementations: framework fakes plus real hardware. */
export function driverImplementations(): ImplementationMap {
  const builtin = builtinImplementations();
  return {
    ...builtin,
    power: { ...builtin.power, ipmitool: (config) => new IpmitoolPower(config) },
    management: { ...builtin.management, ipmitool: (config) => new IpmitoolManagement(config) },
  };
}

export async function startServer(config: Config): Promise<RunningServer> {
  setLogLevel(config.service.log_level);
  const log = componentLogger('server');
  const db = await openDatabase(config.database.url, { sqliteSynchronous: config.database.sqlite_synchronous });
  try {
    const migrated = await migrateToLatest(db);
    const applied = migrated.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    if (applied.length) log.info({ applied }, 'database schema upgraded');
  } catch (err) {
    await db.close();
    throw err;
  }
  const store = new Store(db);

  // Reading the htpasswd file can fail; do it before anything needs stopping.
  const apiLog = componentLogger('api');
  let auth: ReturnType<typeof apiAuth>;
  try {
    auth = apiAuth(config, apiLog);
  } catch (err) {
    await store.close();
    throw err;
  }

  const registry = new DriverRegistry(config, driverImplementations(), BUILTIN_HARDWARE_TYPES);
  const conductor = createConductor({ config, store, registry, log: componentLogger('conductor') });
  try {
    await conductor.start();
  } catch (err) {
    await store.close();
    throw err;
  }

  const app = buildApiApp({ log: apiLog, routers: apiRouters({ store, conductor, config }), before: [auth] });
  let api: http.Server;
  try {
    api = await listen(app, config.api.host, config.api.port, 'API', 'api-port');
  } catch (err) {
    await conductor.stop();
    await store.close();
    throw err;
  }
  const apiPort = boundPort(api);
  log.info({ host: config.api.host, port: apiPort, db: config.database.url.replace(/:[^:@/]*@/, ':******@') }, 'Tyr API listening');

  return {
    config, store, api, apiPort, conductor,
    async stop() {
      await closeServer(api);
      await conductor.stop();
      await store.close();
      log.info('Tyr stopped');
    },
  };
}
