// Inspection rules ({conditions, actions}) created through POST /v1/inspection_rules. Additive:
// one new table, nothing else changes.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const inspectionRules: Migration = {
  async up(db: Kysely<any>, dialect) {
    let table = db.schema.createTable('inspection_rules');
    table =
      dialect === 'postgres'
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    await table
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('conditions', 'text', (c) => c.notNull())
      .addColumn('actions', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('inspection_rules').execute();
  },
};
