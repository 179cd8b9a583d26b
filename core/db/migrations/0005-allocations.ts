// Allocations (API 1.52): a request for a node by resource class and traits, which the conductor
// fills by binding one node (nodes.allocation_id and instance_uuid). Additive: a new table and
// indexes on nodes that the candidate search and the binding need.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const allocations: Migration = {
  async up(db: Kysely<any>, dialect) {
    const table = db.schema.createTable('allocations');
    await (
      dialect === 'postgres'
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    )
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      // Unique: a node answers at most one allocation. Deleting the node deletes its allocation, as Ironic does.
      .addColumn('node_id', 'integer', (c) => c.unique().references('nodes.id').onDelete('cascade'))
      .addColumn('state', 'varchar(15)', (c) => c.notNull())
      .addColumn('owner', 'varchar(255)')
      .addColumn('last_error', 'text')
      .addColumn('resource_class', 'varchar(80)')
      .addColumn('traits', 'text')
      .addColumn('candidate_nodes', 'text')
      .addColumn('extra', 'text')
      .addColumn('conductor_affinity', 'varchar(255)')
      // Backfilled allocations record a deployment made without them, so tearing it down keeps them.
      .addColumn('backfilled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    for (const col of ['state', 'resource_class', 'owner']) {
      await db.schema.createIndex(`allocations_${col}_idx`).on('allocations').column(col).execute();
    }
    // Two nodes can never point at one allocation; and releasing a node by its allocation is a lookup.
    await db.schema.createIndex('nodes_allocation_id_uidx').on('nodes').column('allocation_id').unique().execute();
    // The candidate search: available nodes of one resource class.
    await db.schema.createIndex('nodes_resource_class_state_idx').on('nodes').columns(['resource_class', 'provision_state']).execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropIndex('nodes_resource_class_state_idx').execute();
    await db.schema.dropIndex('nodes_allocation_id_uidx').execute();
    await db.schema.dropTable('allocations').execute();
  },
};
