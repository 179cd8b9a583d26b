// The first schema: nodes, ports, portgroups, chassis, conductors, traits, history, inventory.
import type { Kysely } from 'kysely';
import { withId, type Migration } from './types.js';

const NODE_INTERFACES = [
  'bios',
  'boot',
  'console',
  'deploy',
  'firmware',
  'inspect',
  'management',
  'network',
  'power',
  'raid',
  'rescue',
  'storage',
  'vendor',
];

export const initial: Migration = {
  async up(db: Kysely<any>, dialect) {
    await withId(db.schema.createTable('chassis'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('extra', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();

    let nodes = withId(db.schema.createTable('nodes'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('driver', 'varchar(255)', (c) => c.notNull())
      .addColumn('driver_info', 'text')
      .addColumn('driver_internal_info', 'text')
      .addColumn('properties', 'text')
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.unique())
      .addColumn('instance_info', 'text')
      .addColumn('power_state', 'varchar(32)')
      .addColumn('target_power_state', 'varchar(32)')
      .addColumn('provision_state', 'varchar(32)', (c) => c.notNull())
      .addColumn('target_provision_state', 'varchar(32)')
      .addColumn('provision_updated_at', 'varchar(32)')
      .addColumn('last_error', 'text')
      .addColumn('maintenance', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('maintenance_reason', 'text')
      .addColumn('fault', 'varchar(255)')
      .addColumn('reservation', 'varchar(255)')
      .addColumn('conductor_affinity', 'varchar(255)')
      .addColumn('conductor_group', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('resource_class', 'varchar(80)');
    for (const iface of NODE_INTERFACES) nodes = nodes.addColumn(`${iface}_interface`, 'varchar(255)');
    await nodes
      .addColumn('extra', 'text')
      .addColumn('chassis_id', 'integer', (c) => c.references('chassis.id'))
      .addColumn('console_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('inspection_started_at', 'varchar(32)')
      .addColumn('inspection_finished_at', 'varchar(32)')
      .addColumn('clean_step', 'text')
      .addColumn('deploy_step', 'text')
      .addColumn('raid_config', 'text')
      .addColumn('target_raid_config', 'text')
      .addColumn('automated_clean', 'integer')
      .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('protected_reason', 'text')
      .addColumn('owner', 'varchar(255)')
      .addColumn('lessee', 'varchar(255)')
      .addColumn('description', 'text')
      .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('retired_reason', 'text')
      .addColumn('network_data', 'text')
      .addColumn('boot_mode', 'varchar(16)')
      .addColumn('secure_boot', 'integer')
      .addColumn('shard', 'varchar(255)')
      .addColumn('allocation_id', 'integer')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    for (const col of ['provision_state', 'conductor_group', 'resource_class', 'reservation', 'owner', 'lessee', 'driver']) {
      await db.schema.createIndex(`nodes_${col}_idx`).on('nodes').column(col).execute();
    }

    await withId(db.schema.createTable('portgroups'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('address', 'varchar(18)', (c) => c.unique())
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('mode', 'varchar(255)')
      .addColumn('properties', 'text')
      .addColumn('standalone_ports_supported', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', 'text')
      .addColumn('internal_info', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('portgroups_node_id_idx').on('portgroups').column('node_id').execute();

    await withId(db.schema.createTable('ports'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('address', 'varchar(18)', (c) => c.notNull().unique())
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('portgroup_id', 'integer', (c) => c.references('portgroups.id').onDelete('set null'))
      .addColumn('local_link_connection', 'text')
      .addColumn('physical_network', 'varchar(64)')
      .addColumn('pxe_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', 'text')
      .addColumn('internal_info', 'text')
      .addColumn('is_smartnic', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('ports_node_id_idx').on('ports').column('node_id').execute();
    await db.schema.createIndex('ports_portgroup_id_idx').on('ports').column('portgroup_id').execute();

    await withId(db.schema.createTable('conductors'), dialect)
      .addColumn('hostname', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('conductor_group', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('hardware_types', 'text')
      .addColumn('online', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('node_traits')
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('trait', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('node_traits_pk', ['node_id', 'trait'])
      .execute();

    await withId(db.schema.createTable('node_history'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('conductor', 'varchar(255)')
      .addColumn('event_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('user', 'varchar(255)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('node_history_node_id_idx').on('node_history').columns(['node_id', 'id']).execute();

    await withId(db.schema.createTable('node_inventory'), dialect)
      .addColumn('node_id', 'integer', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
      .addColumn('inventory_data', 'text', (c) => c.notNull())
      .addColumn('plugin_data', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('node_inventory_node_id_idx').on('node_inventory').columns(['node_id', 'id']).execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['node_inventory', 'node_history', 'node_traits', 'conductors', 'ports', 'portgroups', 'nodes', 'chassis']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
