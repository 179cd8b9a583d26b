// A nova baremetal database kept in SQLite (nova-baremetal's default `sql_connection`). Opened
// read-only: the migration never changes its source.
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../core/errors.js';
import { quoteIdent, type NovaSource, type SourceRow } from './source.js';

export function openSqliteSource(file: string): NovaSource {
  if (!fs.existsSync(file)) throw new ConfigError(`--source ${file}: no such file (give the nova baremetal SQLite file or a mysql:// URL)`);
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
  } catch (err) {
    throw new ConfigError(`--source ${file} is not a readable SQLite database: ${(err as Error).message}`);
  }
  return {
    label: file,
    async columns(table) {
      const info = db.prepare(`pragma table_info(${quoteIdent(table, '"')})`).all() as { name: string }[];
      return info.map((c) => c.name);
    },
    async rows(table, columns) {
      const list = columns.map((c) => quoteIdent(c, '"')).join(', ');
      return db.prepare(`select ${list} from ${quoteIdent(table, '"')} order by id`).all() as SourceRow[];
    },
    async close() {
      db.close();
    },
  };
}
