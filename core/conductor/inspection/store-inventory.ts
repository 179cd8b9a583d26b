// The one way the conductor stores a node's inventory (inspection callback, heartbeat, discovery):
// the newest plus inspection.inventory_history older ones, so a ramdisk that reports again and
// again cannot grow the database. The PCI devices are stored as Ironic keeps them, in the plugin
// data beside the inventory, whichever side of it the ramdisk sent them on.
import type { JsonObject } from '../../db/types.js';
import type { ConductorContext } from '../context.js';

export async function storeInventory(
  c: Pick<ConductorContext, 'store' | 'config'>,
  nodeId: number,
  inventory: JsonObject,
  pluginData: JsonObject = {},
): Promise<void> {
  const { pci_devices: nested, ...rest } = inventory;
  const plugin = nested === undefined || pluginData.pci_devices !== undefined ? pluginData : { ...pluginData, pci_devices: nested };
  await c.store.inventory.add(nodeId, rest, plugin, c.config.inspection.inventory_history);
}
