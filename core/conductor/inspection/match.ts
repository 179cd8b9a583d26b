// Which node an inspection callback is about: the node the kernel command line named, else the
// node owning any of the machine's MACs, else the node whose driver_info.ipmi_address is the
// BMC address the machine reported.
import { Conflict } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { ConductorContext } from '../context.js';
import { inventoryMacs, type InspectionCallback } from './inventory.js';

export interface Match { node: Node; by: 'node_uuid' | 'mac' | 'bmc_address' }

export async function matchNode(c: Pick<ConductorContext, 'store'>, cb: InspectionCallback): Promise<Match | undefined> {
  const macs = inventoryMacs(cb.inventory);
  const ports = await c.store.ports.findByAddresses(macs);
  const ids = [...new Set(ports.map((p) => p.node_id))];
  if (ids.length > 1) {
    throw new Conflict(`The MACs ${macs.join(', ')} belong to ports of ${ids.length} different nodes; fix the ports so one machine's MACs name one node.`);
  }
  if (ids.length === 1) {
    const node = await c.store.nodes.getById(ids[0]!);
    // A node_uuid that disagrees with the MACs is not trusted: the MACs win, and say so.
    if (cb.node_uuid && cb.node_uuid !== node.uuid) {
      throw new Conflict(`The callback names node ${cb.node_uuid} but its MACs belong to node ${node.uuid}; refused.`);
    }
    return { node, by: 'mac' };
  }
  const bmc = cb.inventory.bmc_address;
  if (bmc) {
    const candidates = await Promise.all((await c.store.inspection.nodeIdsMentioningBmc(bmc)).map((id) => c.store.nodes.getById(id)));
    const exact = candidates.filter((n) => n.driver_info.ipmi_address === bmc);
    if (exact.length > 1) throw new Conflict(`${exact.length} nodes have driver_info.ipmi_address ${bmc}; fix them so one BMC names one node.`);
    if (exact.length === 1) return { node: exact[0]!, by: 'bmc_address' };
  }
  // A UUID alone (no port, no BMC match) is not enough to claim a node from a public endpoint.
  return undefined;
}
