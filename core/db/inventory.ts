// Data access for node inventories. Each inspection adds a row; the newest is the current one,
// the older ones are the history.
import type { Kysely } from 'kysely';
import { makeCodec, now } from './codec.js';
import type { Database } from './schema.js';
import type { JsonObject, NodeInventory } from './types.js';

const codec = makeCodec<any, NodeInventory>({ json: ['inventory_data', 'plugin_data'], bool: [], jsonDefault: { plugin_data: {} } });

export class InventoryRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(nodeId: number, inventory: JsonObject, pluginData: JsonObject = {}): Promise<void> {
    await this.db.insertInto('node_inventory').values({
      node_id: nodeId, inventory_data: JSON.stringify(inventory), plugin_data: JSON.stringify(pluginData), created_at: now(),
    }).execute();
  }

  async latest(nodeId: number): Promise<NodeInventory | undefined> {
    const row = await this.db.selectFrom('node_inventory').selectAll()
      .where('node_id', '=', nodeId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && codec.decode(row);
  }
}
