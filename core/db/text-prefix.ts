// Prefix matches an index can serve: `column >= prefix AND column < next(prefix)` instead of
// LIKE 'prefix%' (SQLite's LIKE ignores case and so skips a BINARY index; PostgreSQL's needs a
// pattern index). Comparisons are bytewise: SQLite's default, and COLLATE "C" on PostgreSQL,
// whose expression indexes migration 0011 creates.
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './connect.js';

/** The smallest string greater than every string starting with `prefix` (its last character bumped). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** `column` compared bytewise on either dialect. */
export function bytewise(column: string, dialect: DialectName): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`(${sql.ref(column)} collate "C")` : sql<string>`${sql.ref(column)}`;
}

/** `column` starts with `prefix` (non-empty), as a range on the column. */
export function startsWith(column: string, prefix: string, dialect: DialectName): RawBuilder<boolean> {
  const col = bytewise(column, dialect);
  return sql<boolean>`(${col} >= ${prefix} and ${col} < ${prefixUpperBound(prefix)})`;
}
