// The dry run's printout: every node and port and what it becomes. Credentials are never shown,
// not even masked: the BMC column shows the address and user only.
import Table from 'cli-table3';
import type { Plan } from './plan.js';

/** driver_info and extra hold the strings mapping.ts put there; anything else would show as JSON. */
const shown = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function planTables(plan: Plan): string {
  const nodes = new Table({ head: ['Nova ID', 'UUID', 'Driver', 'BMC', 'Provision State', 'Power State', 'Instance', 'Ports'] });
  for (const n of plan.nodes) {
    const info = n.values.driver_info ?? {};
    const bmc = info.ipmi_address ? `${shown(info.ipmi_username)}@${shown(info.ipmi_address)}` : shown(info.nova_pm_address);
    nodes.push([
      n.sourceId,
      n.values.uuid,
      n.values.driver,
      bmc,
      n.values.provision_state ?? '',
      n.values.power_state ?? '',
      n.values.instance_uuid ?? '',
      n.ports.length,
    ]);
  }
  const ports = new Table({ head: ['Nova ID', 'MAC', 'Node', 'PXE', 'VIF', 'Local Link', 'Physical Network'] });
  for (const n of plan.nodes) {
    for (const p of n.ports) {
      const v = p.values;
      ports.push([
        p.sourceId ?? '(prov_mac)',
        v.address,
        n.values.uuid,
        v.pxe_enabled ? 'yes' : 'no',
        shown(v.extra?.vif_uuid),
        Object.keys(v.local_link_connection ?? {}).length ? JSON.stringify(v.local_link_connection) : '',
        v.physical_network ?? '',
      ]);
    }
  }
  return `Nodes:\n${nodes.toString()}\nPorts:\n${ports.toString()}`;
}
