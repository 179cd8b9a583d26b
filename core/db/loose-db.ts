// The database as code generic over tables sees it (ResourceRepo, paginate): which table and which
// columns a query names are only known at run time, from a spec, so every table is a row of
// unknown values keyed by column name. Code that names one table keeps Kysely<Database>.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

export type LooseRow = Record<string, unknown>;
export type LooseDatabase = Record<string, LooseRow>;
export type LooseSelect = SelectQueryBuilder<LooseDatabase, string, LooseRow>;

/** The same connection, typed loosely. Kysely's types are compile-time only, so nothing changes at run time. */
export function loosen(db: Kysely<Database>): Kysely<LooseDatabase> {
  // Database has no index signature, so TypeScript wants the detour through unknown.
  return db as unknown as Kysely<LooseDatabase>;
}
