// Runs one suite against every dialect Tyr supports (SQLite and PostgreSQL), each test getting a
// fresh, migrated database: the same assertions must hold on both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DialectName } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { Store } from '../../core/db/store.js';
import { createPostgresDatabase } from './postgres.js';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export async function freshDatabaseUrl(dialect: DialectName): Promise<string> {
  if (dialect === 'postgres') return createPostgresDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-sqlite-'));
  return `sqlite:${path.join(dir, 'tyr.sqlite')}`;
}

export async function freshStore(dialect: DialectName): Promise<Store> {
  const db = await openDatabase(await freshDatabaseUrl(dialect), { sqliteSynchronous: 'normal' });
  await migrateToLatest(db);
  return new Store(db);
}

/** `describe` the suite once per dialect; `ctx.store` is a new migrated database per test. */
export function forEachDialect(title: string, suite: (ctx: { store: Store; dialect: DialectName }) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, function () {
      this.timeout(60_000);
      const ctx = { dialect } as { store: Store; dialect: DialectName };
      beforeEach(async () => {
        ctx.store = await freshStore(dialect);
      });
      afterEach(async () => {
        await ctx.store?.close();
      });
      suite(ctx);
    });
  }
}
