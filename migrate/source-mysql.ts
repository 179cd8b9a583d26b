// A nova baremetal database on MySQL/MariaDB (nova's production setup), read through mysql2.
// Loaded only for mysql:// sources.
import mysql from 'mysql2/promise';
import { ConfigError } from '../core/errors.js';
import { quoteIdent, redactUrl, type NovaSource, type SourceRow } from './source.js';

export async function openMysqlSource(url: string): Promise<NovaSource> {
  // SQLAlchemy-style URLs (mysql+pymysql://) are what nova.conf holds; mysql2 wants mysql://.
  const plain = url.replace(/^(mysql|mariadb)(\+\w+)?:\/\//, 'mysql://');
  const label = redactUrl(url);
  let conn: mysql.Connection;
  try {
    // Tinyint(1) stays a number and dates stay strings: the mapping reads raw values.
    conn = await mysql.createConnection({ uri: plain, dateStrings: true, connectTimeout: 10_000 });
  } catch (err) {
    throw new ConfigError(`cannot connect to --source ${label}: ${(err as Error).message}`);
  }
  return {
    label,
    async columns(table) {
      const [rows] = await conn.query(
        'select column_name as name from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position',
        [table],
      );
      return (rows as { name: string }[]).map((r) => r.name);
    },
    async rows(table, columns) {
      const list = columns.map((c) => quoteIdent(c, '`')).join(', ');
      const [rows] = await conn.query(`select ${list} from ${quoteIdent(table, '`')} order by id`);
      return rows as SourceRow[];
    },
    async close() {
      await conn.end();
    },
  };
}
