// Data access for node traits.
import type { Kysely } from 'kysely';
import { now } from './codec.js';
import { CompiledQueries } from './compiled-queries.js';
import type { Database } from './schema.js';

export class TraitRepo {
  /** The traits of N nodes, per N (every node view asks, a single-node GET with N = 1). */
  private readonly forNodesQueries = new CompiledQueries<number, { node_id: number; trait: string }>();

  constructor(private readonly db: Kysely<Database>) {}

  async list(nodeId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('node_traits').select('trait').where('node_id', '=', nodeId).orderBy('trait').execute();
    return rows.map((r) => r.trait);
  }

  /** Traits of many nodes in one query (list pages); nodes without traits map to []. */
  async listForNodes(nodeIds: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(nodeIds.map((id) => [id, []]));
    if (nodeIds.length === 0) return out;
    const query = this.forNodesQueries.with(nodeIds.length, nodeIds, () =>
      this.db
        .selectFrom('node_traits')
        .select(['node_id', 'trait'])
        .where('node_id', 'in', nodeIds)
        .orderBy('node_id')
        .orderBy('trait')
        .compile(),
    );
    const { rows } = await this.db.executeQuery(query);
    for (const row of rows) out.get(row.node_id)!.push(row.trait);
    return out;
  }

  /** Replaces the whole set in one transaction. */
  async replace(nodeId: number, traits: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('node_traits').where('node_id', '=', nodeId).execute();
      const unique = [...new Set(traits)];
      if (unique.length) {
        await tx
          .insertInto('node_traits')
          .values(unique.map((trait) => ({ node_id: nodeId, trait, created_at: now() })))
          .execute();
      }
    });
  }

  async add(nodeId: number, trait: string): Promise<void> {
    await this.db
      .insertInto('node_traits')
      .values({ node_id: nodeId, trait, created_at: now() })
      .onConflict((oc) => oc.columns(['node_id', 'trait']).doNothing())
      .execute();
  }

  /** Returns whether the trait was there. */
  async remove(nodeId: number, trait: string): Promise<boolean> {
    const r = await this.db.deleteFrom('node_traits').where('node_id', '=', nodeId).where('trait', '=', trait).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
