import type { Kysely } from 'kysely';

/** A schema change. `up` and `down` get the dialect name for the few dialect-specific types. */
export interface Migration {
  up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
  down(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
}
