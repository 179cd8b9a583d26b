import type { CreateTableBuilder, Kysely } from 'kysely';

/** A schema change. `up` and `down` get the dialect name for the few dialect-specific types. */
export interface Migration {
  up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
  down(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
}

/** The integer identity column; the one column whose type differs between the dialects. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: string): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
