// Volume connectors (how a node reaches remote storage: an iSCSI IQN, a WWPN…) and volume
// targets (the volumes it boots from or attaches), as Ironic's storage interface reads them.
// Additive: two new tables, each row belonging to one node and going with it.
import type { Kysely } from 'kysely';
import { withId, type Migration } from './types.js';

export const volume: Migration = {
  async up(db: Kysely<any>, dialect) {
    await withId(db.schema.createTable('volume_connectors'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('connector_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('extra', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      // One identity names one connector, whichever node it is on.
      .addUniqueConstraint('volume_connectors_type_connector_id_uq', ['type', 'connector_id'])
      .execute();
    await db.schema.createIndex('volume_connectors_node_id_idx').on('volume_connectors').column('node_id').execute();

    await withId(db.schema.createTable('volume_targets'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('volume_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('properties', 'text')
      .addColumn('boot_index', 'integer', (c) => c.notNull())
      .addColumn('volume_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('extra', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      // A node boots from its targets in boot_index order, so an index is used once per node.
      .addUniqueConstraint('volume_targets_node_id_boot_index_uq', ['node_id', 'boot_index'])
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('volume_targets').execute();
    await db.schema.dropTable('volume_connectors').execute();
  },
};
