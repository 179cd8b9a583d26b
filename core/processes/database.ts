// Opening the database the same way in every kind of process: connect, then bring the schema up
// to date. Kysely's migrator holds a lock while it migrates, so processes starting together against
// one PostgreSQL take turns, and the later ones find nothing left to do.
import type { Config } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { securePrivateFiles } from '../db/private-files.js';
import { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import type { DbMetrics } from '../metrics/db-metrics.js';
import type { Lifecycle } from './lifecycle.js';

/** `metrics`: the service's DB query metrics, fed by every query this store runs. */
export async function openStore(config: Config, life: Lifecycle, log: Logger, metrics?: DbMetrics): Promise<Store> {
  securePrivateFiles(config, log);
  const db = await openDatabase(config.database.url, { sqliteSynchronous: config.database.sqlite_synchronous, log: metrics?.log });
  const store = new Store(db);
  life.add('database', () => store.close());
  const migrated = await migrateToLatest(db);
  const applied = migrated.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
  if (applied.length) log.info({ applied }, 'database schema upgraded');
  return store;
}

/** The database URL with its password masked, for logs. */
export function maskedDbUrl(config: Config): string {
  return config.database.url.replace(/:[^:@/]*@/, ':******@');
}
