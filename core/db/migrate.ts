// Brings a database to the newest schema at start-up: a new database is created, an existing one
// is upgraded in place. Kysely's Migrator records applied migrations and takes a lock, so several
// processes starting at once against PostgreSQL do not race.
import { Migrator, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Db } from './connect.js';

function migrator(db: Db): Migrator {
  const migrations = Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, m]) => [name, {
      up: (k: Parameters<typeof m.up>[0]) => m.up(k, db.dialect),
      down: (k: Parameters<typeof m.down>[0]) => m.down(k, db.dialect),
    }]),
  );
  return new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

export async function migrateDown(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateDown();
  if (result.error) throw result.error;
  return result;
}
