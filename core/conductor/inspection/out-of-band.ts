// The end of an out-of-band inspection (an inspect interface that read the hardware from the BMC,
// e.g. `redfish`): the inventory it returned is checked as an agent's is, then recorded the same
// way (properties, ports, stored inventory, inspection rules). No NIC booted a ramdisk, so the
// `pxe` port policy cannot name one: every NIC gets a port, as Ironic's redfish inspection and
// its validate-interfaces hook do when no PXE interface is known, each PXE-enabled (Ironic's port
// default) so the DHCP server answers whichever NIC boots. A powered-off machine reports no link,
// so carrier is not required.
import type { JsonObject } from '../../db/types.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';
import { checkCallback } from './inventory.js';
import type { PortPolicy } from './properties.js';
import { inspectionSummary, recordInspection } from './record.js';

function outOfBandPorts(policy: PortPolicy): PortPolicy {
  return policy === 'none' ? 'none' : 'all';
}

export async function recordOutOfBandInspection(task: Task, c: ConductorContext, rawInventory: JsonObject, source: string): Promise<void> {
  const { inventory } = checkCallback({ inventory: rawInventory });
  const recorded = await recordInspection(c, task.node, inventory, {
    ports: outOfBandPorts(task.config.inspection.add_ports),
    portsWithoutCarrier: true,
    pxeWhenUnknown: true,
    pluginData: { inspection_source: source },
  });
  task.node = recorded.node;
  await task.history(inspectionSummary(recorded));
}
