// Deploy templates: named lists of deploy steps, run when an instance asks for the trait of the
// same name. The steps are one JSON list per template (they are always read whole).
import type { Kysely } from 'kysely';
import { withId, type Migration } from './types.js';

export const deployTemplates: Migration = {
  async up(db: Kysely<any>, dialect) {
    await withId(db.schema.createTable('deploy_templates'), dialect)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('extra', 'text')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('deploy_templates').execute();
  },
};
