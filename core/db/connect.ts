// Opens the database named by a URL: `sqlite:<path>` (embedded, the default) or `postgres://…`.
// Problems a person can fix (an unwritable directory, a server that refuses us) become one-line
// ConfigErrors so that start-up can print them and exit.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { ConfigError } from '../errors.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface OpenOptions {
  sqliteSynchronous?: 'full' | 'normal';
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** Told of every query and its duration (the DB query metrics); never given the parameters. */
  log?: (event: LogEvent) => void;
}

function openSqlite(file: string, opts: OpenOptions): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new ConfigError(
        `database directory ${dir} is not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (choose another --db or --data-dir, or fix its permissions)`,
      );
    }
  }
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // normal: WAL synced at checkpoints, so a commit costs no fsync; see [database] sqlite_synchronous.
    sqlite.pragma(`synchronous = ${(opts.sqliteSynchronous ?? 'normal').toUpperCase()}`);
    // Several processes (server, migration script, tests) may open the same file.
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new ConfigError(`cannot open SQLite database ${file}: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: opts.log });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Db> {
  // Loaded only when used: the embedded SQLite default should not pay pg's memory.
  const { default: pgModule } = await import('pg');
  let pool: pg.Pool;
  try {
    pool = new pgModule.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10000 });
  } catch (err) {
    throw new ConfigError(`invalid PostgreSQL URL: ${(err as Error).message}`);
  }
  // Surface idle-client errors in logs instead of crashing the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const redacted = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:******@');
    throw new ConfigError(`cannot connect to PostgreSQL at ${redacted}: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: opts.log });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Db> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('invalid value for database.url (--db): sqlite: needs a path, e.g. sqlite:./var/tyr.sqlite');
    return openSqlite(file, opts);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, opts);
  throw new ConfigError(
    `invalid value for database.url (--db): ${JSON.stringify(url)} (accepted: sqlite:<path> or postgres://user:pass@host:port/db)`,
  );
}
