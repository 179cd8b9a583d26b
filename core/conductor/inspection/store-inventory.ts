// The one way the conductor stores a node's inventory (inspection callback, heartbeat, discovery):
// the newest plus inspection.inventory_history older ones, so a ramdisk that reports again and
// again cannot grow the database.
import type { JsonObject } from '../../db/types.js';
import type { ConductorContext } from '../context.js';

export async function storeInventory(
  c: Pick<ConductorContext, 'store' | 'config'>,
  nodeId: number,
  inventory: JsonObject,
  pluginData: JsonObject = {},
): Promise<void> {
  await c.store.inventory.add(nodeId, inventory, pluginData, c.config.inspection.inventory_history);
}
