// Brings a database to the newest schema at start-up: a new database is created, an existing one
// is upgraded in place. Kysely's Migrator records applied migrations and takes a lock, so several
// processes starting at once against PostgreSQL do not race.
import { Migrator, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Db } from './connect.js';

function migrator(db: Db): Migrator {
  const migrations = Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, m]) => [
      name,
      {
        up: (k: Parameters<typeof m.up>[0]) => m.up(k, db.dialect),
        down: (k: Parameters<typeof m.down>[0]) => m.down(k, db.dialect),
      },
    ]),
  );
  return new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
}

/** Kysely reports a failed migration in the result; its error is typed unknown. */
function throwIfFailed(result: MigrationResultSet): void {
  if (!result.error) return;
  throw result.error instanceof Error ? result.error : new Error(`migration failed: ${JSON.stringify(result.error)}`);
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  throwIfFailed(result);
  return result;
}

export async function migrateDown(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateDown();
  throwIfFailed(result);
  return result;
}
