// Interface names become Ironic's: the short `no` of the optional kinds is `no-<kind>`, and the
// network interface that keeps VIFs on the node's ports is `flat` (`noop` now does nothing, as in
// Ironic). Stored values are renamed so that responses show the new names.
import type { Kysely } from 'kysely';
import type { Migration } from './types.js';

const RENAMED_NO = ['bios', 'console', 'firmware', 'inspect', 'raid', 'rescue', 'vendor'];

async function rename(db: Kysely<any>, column: string, from: string, to: string): Promise<void> {
  await db
    .updateTable('nodes')
    .set({ [column]: to })
    .where(column, '=', from)
    .execute();
}

export const ironicInterfaceNames: Migration = {
  async up(db: Kysely<any>) {
    for (const kind of RENAMED_NO) await rename(db, `${kind}_interface`, 'no', `no-${kind}`);
    await rename(db, 'network_interface', 'noop', 'flat');
  },

  async down(db: Kysely<any>) {
    for (const kind of RENAMED_NO) await rename(db, `${kind}_interface`, `no-${kind}`, 'no');
    await rename(db, 'network_interface', 'flat', 'noop');
  },
};
