// The change feed the console's stream polls (core/web/change-poller.ts): nodes by the time they
// were created or last written, in (stamp, id) order, read by keyset from an indexed column, so
// any process (API or conductor) that writes a node is seen by every API process.
import { type Kysely } from 'kysely';
import { loosen, type LooseDatabase } from './loose-db.js';
import { nodeCodec } from './node-codec.js';
import type { Database } from './schema.js';
import type { Node } from './types.js';

/** created_at catches new nodes (their updated_at stays NULL until the first write). */
export type ChangeStamp = 'updated_at' | 'created_at';

export interface ChangeKey {
  at: string;
  id: number;
}

export class NodeChangesRepo {
  private readonly db: Kysely<LooseDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = loosen(db);
  }

  /** The newest stamp stored, or null in an empty table (one index probe). */
  async latest(stamp: ChangeStamp): Promise<string | null> {
    const row = await this.db
      .selectFrom('nodes')
      .select((eb) => eb.fn.max(stamp).as('at'))
      .executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /** Up to `limit` nodes with `stamp` >= since, after the key `after` when given, oldest first. */
  async since(stamp: ChangeStamp, since: string, after: ChangeKey | undefined, limit: number): Promise<Node[]> {
    let q = this.db.selectFrom('nodes').selectAll().where(stamp, '>=', since);
    if (after) q = q.where((eb) => eb.or([eb(stamp, '>', after.at), eb.and([eb(stamp, '=', after.at), eb('id', '>', after.id)])]));
    const rows = await q.orderBy(stamp).orderBy('id').limit(limit).execute();
    return rows.map((r) => nodeCodec.decode(r as never));
  }

  /** Which of these UUIDs still name a node (the unique index on uuid, in chunks). */
  async existing(uuids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < uuids.length; i += 500) {
      const rows = await this.db
        .selectFrom('nodes')
        .select('uuid')
        .where('uuid', 'in', uuids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(r.uuid as string);
    }
    return out;
  }
}
