// The change feed the console's stream polls (core/web/change-poller.ts): nodes by the time they
// were created or last written (core/db/change-feed.ts), so any process (API or conductor) that
// writes a node is seen by every API process.
import { type Kysely } from 'kysely';
import { ChangeFeed } from './change-feed.js';
import { nodeCodec } from './node-codec.js';
import type { Database } from './schema.js';
import type { Node } from './types.js';

export type { ChangeKey, ChangeStamp } from './change-feed.js';

export class NodeChangesRepo extends ChangeFeed<Node> {
  constructor(db: Kysely<Database>) {
    super(db, 'nodes', (row) => nodeCodec.decode(row));
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
