// Which version of nova-baremetal's schema the source has. Nothing is assumed: the columns are
// read and each optional one is used only when present. The variant name is only for the report.
//   Grizzly  (migrations 001–004): prov_mac_address, registration_status, prov_vlan_id on bm_nodes
//   Havana   (005–008): those dropped; the provisioning MAC moved into bm_interfaces
//   Icehouse (009–010): ephemeral_mb, preserve_ephemeral added
import { ConfigError } from '../core/errors.js';
import type { NovaSource } from './source.js';

export const NODE_COLUMNS = [
  'id',
  'uuid',
  'service_host',
  'instance_uuid',
  'instance_name',
  'cpus',
  'memory_mb',
  'local_gb',
  'pm_address',
  'pm_user',
  'pm_password',
  'task_state',
  'terminal_port',
  'image_path',
  'pxe_config_path',
  'deploy_key',
  'root_mb',
  'swap_mb',
  'ephemeral_mb',
  'preserve_ephemeral',
  'deleted',
  'deleted_at',
  'prov_mac_address',
  'registration_status',
  'prov_vlan_id',
] as const;
export const INTERFACE_COLUMNS = ['id', 'bm_node_id', 'address', 'datapath_id', 'port_no', 'vif_uuid', 'deleted', 'deleted_at'] as const;

/** Without these there is nothing to migrate. */
const REQUIRED_NODE = ['id', 'pm_address'];
const REQUIRED_INTERFACE = ['id', 'bm_node_id', 'address'];

export type Variant = 'grizzly' | 'havana' | 'icehouse' | 'unknown';

export interface DetectedSchema {
  variant: Variant;
  nodeColumns: string[];
  interfaceColumns: string[];
  has(column: string): boolean;
}

export function variantOf(nodeColumns: Set<string>): Variant {
  if (nodeColumns.has('prov_mac_address')) return 'grizzly';
  if (nodeColumns.has('ephemeral_mb') || nodeColumns.has('preserve_ephemeral')) return 'icehouse';
  if (nodeColumns.has('uuid')) return 'havana';
  return 'unknown';
}

export async function detectSchema(source: NovaSource): Promise<DetectedSchema> {
  const nodeAll = new Set(await source.columns('bm_nodes'));
  const ifaceAll = new Set(await source.columns('bm_interfaces'));
  if (nodeAll.size === 0)
    throw new ConfigError(`--source ${source.label} has no bm_nodes table: is it the nova baremetal database (nova_bm)?`);
  const missing = [
    ...REQUIRED_NODE.filter((c) => !nodeAll.has(c)).map((c) => `bm_nodes.${c}`),
    ...(ifaceAll.size ? REQUIRED_INTERFACE.filter((c) => !ifaceAll.has(c)).map((c) => `bm_interfaces.${c}`) : []),
  ];
  if (missing.length) throw new ConfigError(`--source ${source.label} lacks ${missing.join(', ')}: not a nova baremetal schema`);
  return {
    variant: variantOf(nodeAll),
    nodeColumns: NODE_COLUMNS.filter((c) => nodeAll.has(c)),
    interfaceColumns: INTERFACE_COLUMNS.filter((c) => ifaceAll.has(c)),
    has: (column) => nodeAll.has(column),
  };
}
