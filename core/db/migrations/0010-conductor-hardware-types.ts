// Scale-out: each conductor registers the hardware types it serves, with their interfaces and
// driver properties, so an API process answers /v1/drivers and checks a node's driver from the
// database instead of loading driver implementations itself (Ironic's conductor_hardware_interfaces).
// One row per conductor and hardware type; a conductor's rows go with its conductors row.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const conductorHardwareTypes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('conductor_hardware_types')
      .addColumn('conductor_id', 'integer', (c) => c.notNull().references('conductors.id').onDelete('cascade'))
      .addColumn('hardware_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('interfaces', 'text', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('conductor_hardware_types_pk', ['conductor_id', 'hardware_type'])
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('conductor_hardware_types').execute();
  },
};
