// Scale-out: where each conductor answers. API processes send a node's calls to its owner's
// rpc_url; boot scripts point machines at their owner's boot_url. Additive and nullable, so the
// all-in-one server (which needs neither) is unaffected.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

export const conductorUrls: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('conductors').addColumn('rpc_url', 'text').execute();
    await db.schema.alterTable('conductors').addColumn('boot_url', 'text').execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.alterTable('conductors').dropColumn('boot_url').execute();
    await db.schema.alterTable('conductors').dropColumn('rpc_url').execute();
  },
};
