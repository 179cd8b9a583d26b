// Which node an inspection callback is about: the node owning any of the machine's MACs, else the
// node whose driver_info.ipmi_address is the BMC address the machine reported. Ambiguity is a
// refusal, never a guess (as Ironic's lookup): MACs of several nodes, a BMC address of several
// nodes, MACs and BMC address naming different nodes, or a node_uuid that is not the matched node.
// The match is about identity only; callback.ts decides what the node's state allows.
import type { Node } from '../../db/types.js';
import { CallbackRefused } from '../../errors.js';
import type { ConductorContext } from '../context.js';
import { inventoryMacs, type InspectionCallback } from './inventory.js';

export interface Match {
  node: Node;
  by: 'mac' | 'bmc_address';
}

async function byMacs(c: Pick<ConductorContext, 'store'>, macs: string[]): Promise<Node | undefined> {
  const ports = await c.store.ports.findByAddresses(macs);
  const ids = [...new Set(ports.map((p) => p.node_id))];
  if (ids.length > 1)
    throw new CallbackRefused(
      `the MACs ${macs.join(', ')} belong to ports of ${ids.length} different nodes; fix the ports so one machine's MACs name one node`,
    );
  return ids.length === 1 ? c.store.nodes.getById(ids[0]!) : undefined;
}

async function byBmc(c: Pick<ConductorContext, 'store'>, bmc: string): Promise<Node | undefined> {
  const candidates = await Promise.all((await c.store.inspection.nodeIdsMentioningBmc(bmc)).map((id) => c.store.nodes.getById(id)));
  const exact = candidates.filter((n) => n.driver_info.ipmi_address === bmc);
  if (exact.length > 1)
    throw new CallbackRefused(
      `${exact.length} nodes (${exact.map((n) => n.uuid).join(', ')}) have driver_info.ipmi_address ${bmc}; fix them so one BMC names one node`,
    );
  return exact[0];
}

/** The machine's BMC address: IPv4, else IPv6 (Ironic's lookup takes either). */
export function bmcOf(cb: InspectionCallback): string | undefined {
  return cb.inventory.bmc_address ?? cb.inventory.bmc_v6address ?? undefined;
}

export async function matchNode(c: Pick<ConductorContext, 'store'>, cb: InspectionCallback): Promise<Match | undefined> {
  const macs = inventoryMacs(cb.inventory);
  const bmc = bmcOf(cb);
  const byMac = await byMacs(c, macs);
  // The BMC address is checked even after a MAC match: a machine whose MACs name one node and
  // whose BMC names another is a miswired enrolment or a forgery, and neither node is touched.
  const byBmcAddress = bmc ? await byBmc(c, bmc) : undefined;
  if (byMac && byBmcAddress && byMac.id !== byBmcAddress.id) {
    throw new CallbackRefused(
      `the MACs ${macs.join(', ')} belong to node ${byMac.uuid} but the BMC address ${bmc} to node ${byBmcAddress.uuid}`,
    );
  }
  const node = byMac ?? byBmcAddress;
  if (!node) return undefined;
  // A node_uuid that disagrees with the hardware is not trusted; a UUID alone claims nothing.
  if (cb.node_uuid && cb.node_uuid !== node.uuid) {
    throw new CallbackRefused(
      `the callback names node ${cb.node_uuid} but the machine's ${byMac ? 'MACs' : 'BMC address'} belong to node ${node.uuid}`,
    );
  }
  return { node, by: byMac ? 'mac' : 'bmc_address' };
}
