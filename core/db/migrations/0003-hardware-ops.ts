// The node's cached BIOS settings (with their registry attributes) and firmware components, as
// the bios and firmware clean steps leave them. Additive: two new tables, nothing else changes.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const hardwareOps: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('node_bios_settings')
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'text')
      // The registry attributes, as one JSON object (attribute_type, allowed_values, read_only, …).
      .addColumn('registry', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .addPrimaryKeyConstraint('node_bios_settings_pk', ['node_id', 'name'])
      .execute();
    await db.schema
      .createTable('node_firmware_components')
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('component', 'varchar(255)', (c) => c.notNull())
      .addColumn('initial_version', 'varchar(255)', (c) => c.notNull())
      .addColumn('current_version', 'varchar(255)')
      .addColumn('last_version_flashed', 'varchar(255)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .addPrimaryKeyConstraint('node_firmware_components_pk', ['node_id', 'component'])
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('node_firmware_components').execute();
    await db.schema.dropTable('node_bios_settings').execute();
  },
};
