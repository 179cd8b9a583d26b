// Kysely's SQLite driver prepares every query afresh, and preparing (parsing SQL, planning) was
// the largest single cost of a node GET. The queries Tyr sends come from a small, fixed set of
// shapes with bound parameters, so prepared statements are kept and reused by their SQL text.
// better-sqlite3 runs a statement synchronously to completion, so reuse is safe; Kysely's
// streaming (iterate) is the one exception and Tyr does not use it.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(db: BetterSqlite3.Database, capacity = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        cache.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
