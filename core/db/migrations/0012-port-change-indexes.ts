// The dnsmasq resync reads the ports written since its last pass (core/db/port-changes.ts) by
// keyset on created_at and updated_at, so at 10,000 nodes a pass reads what changed, not the table.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const portChangeIndexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('ports_updated_at_idx').on('ports').column('updated_at').execute();
    await db.schema.createIndex('ports_created_at_idx').on('ports').column('created_at').execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropIndex('ports_created_at_idx').execute();
    await db.schema.dropIndex('ports_updated_at_idx').execute();
  },
};
