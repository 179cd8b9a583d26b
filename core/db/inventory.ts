// Data access for node inventories. Each inspection adds a row; the newest is the current one,
// a few older ones are the history (inspection.inventory_history), pruned as each is added.
import type { Kysely, Selectable } from 'kysely';
import { makeCodec, now } from './codec.js';
import type { Database, NodeInventoryTable } from './schema.js';
import type { JsonObject, NodeInventory } from './types.js';

const codec = makeCodec<Selectable<NodeInventoryTable>, NodeInventory>({
  json: ['inventory_data', 'plugin_data'],
  bool: [],
  jsonDefault: { plugin_data: {} },
});

export class InventoryRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a node's newest inventory and deletes all but the `keepOlder` newest of its older ones,
   * so a node holds at most keepOlder + 1 rows however often its ramdisk reports. Both statements
   * walk the (node_id, id) index.
   */
  async add(nodeId: number, inventory: JsonObject, pluginData: JsonObject, keepOlder: number): Promise<void> {
    await this.db
      .insertInto('node_inventory')
      .values({
        node_id: nodeId,
        inventory_data: JSON.stringify(inventory),
        plugin_data: JSON.stringify(pluginData),
        created_at: now(),
      })
      .execute();
    const oldestKept = await this.db
      .selectFrom('node_inventory')
      .select('id')
      .where('node_id', '=', nodeId)
      .orderBy('id', 'desc')
      .offset(keepOlder)
      .limit(1)
      .executeTakeFirst();
    if (oldestKept) await this.db.deleteFrom('node_inventory').where('node_id', '=', nodeId).where('id', '<', oldestKept.id).execute();
  }

  /** How many inventories a node has stored, newest included. */
  async count(nodeId: number): Promise<number> {
    const row = await this.db
      .selectFrom('node_inventory')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('node_id', '=', nodeId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async latest(nodeId: number): Promise<NodeInventory | undefined> {
    const row = await this.db
      .selectFrom('node_inventory')
      .selectAll()
      .where('node_id', '=', nodeId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && codec.decode(row);
  }
}
