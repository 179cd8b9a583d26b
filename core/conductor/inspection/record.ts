// What inspection writes about a machine, for a discovered node and an inspected one alike:
// properties, missing ports, the inventory (each inspection adds a row; a bounded history is kept), and
// what the inspection rules say. The caller holds the node (new, or locked).
import { InvalidParameterValue } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { ConductorContext } from '../context.js';
import type { Inventory } from './inventory.js';
import { bootStateFrom, nicsForPorts, propertiesFrom, type PortPolicy } from './properties.js';
import { activeRules } from './rule-source.js';
import { planActions } from './rules.js';
import { storeInventory } from './store-inventory.js';
import { localLinkConnection } from './lldp.js';

export interface RecordOptions {
  ports: PortPolicy;
  portsWithoutCarrier?: boolean;
  /** plugin_data stored beside the inventory (pci_devices are always added). */
  pluginData?: Record<string, unknown>;
  storeInventory?: boolean;
  /** The root disk the ramdisk chose (IPA's root_disk); else the deploy's own rule picks it. */
  rootDiskName?: string;
  /**
   * New ports may PXE boot even when the inventory names no PXE NIC (out-of-band inspection, where
   * nothing booted: Ironic's port default), so DHCP serves every one of them.
   */
  pxeWhenUnknown?: boolean;
}

export interface Recorded {
  node: Node;
  portsCreated: string[];
  traitsAdded: string[];
  rulesApplied: number;
}

/** Creates the missing ports; a MAC already owned by another node is skipped and logged. */
async function addPorts(c: ConductorContext, node: Node, inv: Inventory, opts: RecordOptions): Promise<string[]> {
  const created: string[] = [];
  for (const { nic, pxe } of nicsForPorts(inv, opts.ports, opts.portsWithoutCarrier)) {
    const existing = await c.store.ports.findByAddress(nic.mac_address);
    if (existing) {
      if (existing.node_id !== node.id)
        c.log.warn({ node_uuid: node.uuid, mac: nic.mac_address }, "inspection: the MAC belongs to another node's port; no port created");
      continue;
    }
    await c.store.ports.create({
      node_id: node.id,
      address: nic.mac_address,
      pxe_enabled: pxe || (opts.pxeWhenUnknown === true && !inv.boot?.pxe_interface),
      extra: { interface_name: nic.name },
      local_link_connection: localLinkConnection(nic.lldp),
    });
    created.push(nic.mac_address);
  }
  return created;
}

/**
 * Writes the inspection's results. A rule with a `fail` action throws (400) after the inventory
 * is stored, so the operator can see what the rule saw.
 */
export async function recordInspection(c: ConductorContext, node: Node, inv: Inventory, opts: RecordOptions): Promise<Recorded> {
  if (opts.storeInventory !== false) {
    await storeInventory(c, node.id, inv, { ...opts.pluginData, pci_devices: inv.pci_devices });
  }
  const portsCreated = await addPorts(c, node, inv, opts);
  const plan = planActions(await activeRules(c), inv, {
    properties: propertiesFrom(inv, node.properties, opts.rootDiskName),
    extra: node.extra,
    driver_info: node.driver_info,
    resource_class: node.resource_class,
  });
  const updated = await c.store.nodes.update(node.id, { ...bootStateFrom(inv), ...plan.fields });
  for (const trait of plan.traits) await c.store.traits.add(node.id, trait);
  if (plan.failure) throw new InvalidParameterValue(`An inspection rule failed the inspection: ${plan.failure}`);
  return { node: updated, portsCreated, traitsAdded: plan.traits, rulesApplied: plan.applied };
}

/** The node history line an inspection leaves. */
export function inspectionSummary(recorded: Recorded): string {
  const traits = recorded.traitsAdded.length ? `, traits ${recorded.traitsAdded.join(', ')}` : '';
  return `Inspection finished: ${recorded.portsCreated.length} port(s) created, ${recorded.rulesApplied} rule(s) applied${traits}`;
}
