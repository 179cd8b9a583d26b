// The web console's reads: the change stream and the overview order nodes by updated_at and
// created_at; the search matches name, UUID and port MAC by prefix. On SQLite the unique indexes
// on those three already compare bytewise; PostgreSQL compares with the database's collation,
// so prefix ranges (core/db/text-prefix.ts) compare COLLATE "C" and get expression indexes.
import { sql, type Kysely } from 'kysely';
import type { Migration } from './types.js';

const PREFIX_INDEXES = [
  { name: 'nodes_name_c_idx', table: 'nodes', column: 'name' },
  { name: 'nodes_uuid_c_idx', table: 'nodes', column: 'uuid' },
  { name: 'ports_address_c_idx', table: 'ports', column: 'address' },
];

export const consoleIndexes: Migration = {
  async up(db: Kysely<any>, dialect) {
    await db.schema.createIndex('nodes_updated_at_idx').on('nodes').column('updated_at').execute();
    await db.schema.createIndex('nodes_created_at_idx').on('nodes').column('created_at').execute();
    if (dialect === 'postgres') {
      for (const { name, table, column } of PREFIX_INDEXES) {
        await db.schema
          .createIndex(name)
          .on(table)
          .expression(sql`${sql.ref(column)} collate "C"`)
          .execute();
      }
    }
  },

  async down(db: Kysely<any>, dialect) {
    if (dialect === 'postgres') for (const { name } of PREFIX_INDEXES) await db.schema.dropIndex(name).execute();
    await db.schema.dropIndex('nodes_created_at_idx').execute();
    await db.schema.dropIndex('nodes_updated_at_idx').execute();
  },
};
