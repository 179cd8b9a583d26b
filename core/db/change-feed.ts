// Rows of a table by the time they were created or last written, in (stamp, id) order, read by
// keyset on an indexed column: how a poller in any process sees what any other process wrote
// without scanning the table (core/web/change-poller.ts for nodes, the dnsmasq resync for ports).
import { type Kysely } from 'kysely';
import { loosen, type LooseDatabase } from './loose-db.js';
import type { Database } from './schema.js';

/** created_at catches new rows (their updated_at stays NULL until the first write). */
export type ChangeStamp = 'updated_at' | 'created_at';

export interface ChangeKey {
  at: string;
  id: number;
}

export class ChangeFeed<T> {
  protected readonly db: Kysely<LooseDatabase>;

  constructor(
    db: Kysely<Database>,
    private readonly table: 'nodes' | 'ports',
    private readonly decode: (row: never) => T,
  ) {
    this.db = loosen(db);
  }

  /** The newest stamp stored, or null in an empty table (one index probe). */
  async latest(stamp: ChangeStamp): Promise<string | null> {
    const row = await this.db
      .selectFrom(this.table)
      .select((eb) => eb.fn.max(stamp).as('at'))
      .executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /** Up to `limit` rows with `stamp` >= since, after the key `after` when given, oldest first. */
  async since(stamp: ChangeStamp, since: string, after: ChangeKey | undefined, limit: number): Promise<T[]> {
    let q = this.db.selectFrom(this.table).selectAll().where(stamp, '>=', since);
    if (after) q = q.where((eb) => eb.or([eb(stamp, '>', after.at), eb.and([eb(stamp, '=', after.at), eb('id', '>', after.id)])]));
    const rows = await q.orderBy(stamp).orderBy('id').limit(limit).execute();
    return rows.map((r) => this.decode(r as never));
  }
}
