// The nova baremetal database we read from: a SQLite file or a MySQL/MariaDB URL. Only the part
// the migration uses is described here (list a table's columns, read its rows), so the mapping
// code and its tests never see a database library. Reading is the only thing ever done to it.
import { ConfigError } from '../core/errors.js';

/**
 * A cell as the drivers return it: SQLite gives text, numbers, bigints and blobs; MySQL (opened
 * with dateStrings) gives text, numbers and blobs; a boolean is accepted for an old `deleted`.
 * Nova's baremetal tables have no JSON columns.
 */
export type SourceValue = string | number | bigint | boolean | Buffer | null;
export type SourceRow = Record<string, SourceValue | undefined>;

export interface NovaSource {
  /** What to print for the source: the URL with any password replaced. */
  readonly label: string;
  /** Column names of `table`, or an empty list when the table does not exist. */
  columns(table: string): Promise<string[]>;
  /** Every row of `table` (soft-deleted ones included), ordered by id, with only `columns`. */
  rows(table: string, columns: string[]): Promise<SourceRow[]>;
  close(): Promise<void>;
}

/** Hides the password of a database URL for messages and reports. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:******@');
}

export async function openSource(source: string): Promise<NovaSource> {
  if (/^(mysql|mariadb)(\+\w+)?:\/\//.test(source)) {
    const { openMysqlSource } = await import('./source-mysql.js');
    return openMysqlSource(source);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new ConfigError(
      `unsupported --source ${redactUrl(source)} (accepted: a SQLite file path, sqlite:<path>, or mysql://user:pass@host:port/nova_bm)`,
    );
  }
  const { openSqliteSource } = await import('./source-sqlite.js');
  return openSqliteSource(source.replace(/^sqlite:/, ''));
}

/** Table and column names come from the source's own catalogue; quoting keeps odd names safe. */
export const quoteIdent = (name: string, q: '"' | '`'): string => `${q}${name.split(q).join(q + q)}${q}`;
