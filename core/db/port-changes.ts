// What the dnsmasq resync reads between its full passes (core/boot/dnsmasq/pxe-host-sync.ts): ports
// by the time they were created or last written (core/db/change-feed.ts), how many PXE ports there
// are (one indexed count, so a deletion by any process is noticed), and which of a set of port ids
// still exist.
import { type Kysely } from 'kysely';
import { ChangeFeed } from './change-feed.js';
import { portCodec } from './ports.js';
import type { Database } from './schema.js';
import type { Port } from './types.js';

export class PortChangesRepo extends ChangeFeed<Port> {
  constructor(db: Kysely<Database>) {
    super(db, 'ports', (row) => portCodec.decode(row));
  }

  /** How many ports have pxe_enabled set. */
  async pxeCount(): Promise<number> {
    const row = await this.db
      .selectFrom('ports')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('pxe_enabled', '=', 1)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Which of these port ids still name a PXE-enabled port (the primary key, in chunks). */
  async existingPxe(ids: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('ports')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .where('pxe_enabled', '=', 1)
        .execute();
      for (const r of rows) out.add(Number(r.id));
    }
    return out;
  }
}
