// GET /v1/shards counts nodes per shard with one GROUP BY, and node lists filter on shard: an
// index lets both read the index instead of every node row.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const nodeShardIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('nodes_shard_idx').on('nodes').column('shard').execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropIndex('nodes_shard_idx').execute();
  },
};
