// Tyr nodes and ports in the field names of Nova's legacy baremetal extension: pm_address and
// pm_user from the IPMI driver_info, terminal_port, service_host, local_gb/disk_gb from the
// properties, and task_state from the provision state (nova-baremetal's states).
import type { ApiNode, ApiPort } from '../client/types.js';
import { integerProperty as int } from '../client/properties.js';
import type { ProvisionState } from '../core/states/provision-states.js';

/** nova/virt/baremetal/baremetal_states.py, as Tyr's provision states map onto them. */
const TASK_STATES: Partial<Record<ProvisionState, string>> = {
  active: 'active',
  deploying: 'deploying',
  'wait call-back': 'deploying',
  'deploy failed': 'deploy failed',
  deleting: 'deleted',
  cleaning: 'deleted',
  'clean wait': 'deleted',
  error: 'error',
  rescue: 'active',
  rescuing: 'active',
  'rescue wait': 'active',
  unrescuing: 'active',
};

export const taskState = (provisionState: string): string | null =>
  (Object.hasOwn(TASK_STATES, provisionState) ? TASK_STATES[provisionState as ProvisionState] : undefined) ?? null;

export interface LegacyInterface {
  id: string;
  address: string;
  datapath_id: null;
  port_no: null;
}

export const legacyInterface = (p: ApiPort): LegacyInterface => ({ id: p.uuid, address: p.address, datapath_id: null, port_no: null });

/** The list entry: {id, cpus, memory_mb, disk_gb, host, task_state, interfaces}. */
export function legacySummary(node: ApiNode, ports: ApiPort[]): Record<string, unknown> {
  const host = typeof node.conductor === 'string' ? node.conductor : null;
  return {
    id: node.uuid,
    cpus: int(node.properties?.cpus),
    memory_mb: int(node.properties?.memory_mb),
    disk_gb: int(node.properties?.local_gb),
    host,
    task_state: taskState(node.provision_state),
    interfaces: ports.map((p) => ({ address: p.address })),
  };
}

/** The full record (show, create): the summary plus instance, BMC and interface details; never the password. */
export function legacyDetail(node: ApiNode, ports: ApiPort[]): Record<string, unknown> {
  const di = node.driver_info ?? {};
  const summary = legacySummary(node, ports);
  return {
    ...summary,
    service_host: summary.host,
    local_gb: summary.disk_gb,
    instance_uuid: node.instance_uuid ?? null,
    pm_address: di.ipmi_address ?? null,
    pm_user: di.ipmi_username ?? null,
    terminal_port: di.ipmi_terminal_port !== undefined ? int(di.ipmi_terminal_port) : null,
    prov_mac_address: ports[0]?.address ?? null,
    interfaces: ports.map(legacyInterface),
  };
}
