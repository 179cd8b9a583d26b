// The typed objects the repositories return. Field names follow Ironic's API objects, so the
// API layer can expose them without renaming. Columns the database holds as text but Tyr knows
// as a closed set (provision_state) are typed here; the node codec (node-codec.ts) is the one place
// a row becomes a Node, and only the conductor's state table writes those columns.
import type { ProvisionState } from '../states/provision-states.js';

export type JsonObject = Record<string, unknown>;

export interface Node {
  id: number;
  uuid: string;
  name: string | null;
  driver: string;
  driver_info: JsonObject;
  driver_internal_info: JsonObject;
  properties: JsonObject;
  instance_uuid: string | null;
  instance_info: JsonObject;
  power_state: string | null;
  target_power_state: string | null;
  provision_state: ProvisionState;
  target_provision_state: ProvisionState | null;
  provision_updated_at: string | null;
  last_error: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  reservation: string | null;
  conductor_affinity: string | null;
  conductor_group: string;
  resource_class: string | null;
  bios_interface: string | null;
  boot_interface: string | null;
  console_interface: string | null;
  deploy_interface: string | null;
  firmware_interface: string | null;
  inspect_interface: string | null;
  management_interface: string | null;
  network_interface: string | null;
  power_interface: string | null;
  raid_interface: string | null;
  rescue_interface: string | null;
  storage_interface: string | null;
  vendor_interface: string | null;
  extra: JsonObject;
  chassis_id: number | null;
  console_enabled: boolean;
  inspection_started_at: string | null;
  inspection_finished_at: string | null;
  clean_step: JsonObject | null;
  deploy_step: JsonObject | null;
  raid_config: JsonObject;
  target_raid_config: JsonObject;
  automated_clean: boolean | null;
  protected: boolean;
  protected_reason: string | null;
  owner: string | null;
  lessee: string | null;
  description: string | null;
  retired: boolean;
  retired_reason: string | null;
  network_data: JsonObject;
  boot_mode: string | null;
  secure_boot: boolean | null;
  shard: string | null;
  allocation_id: number | null;
  created_at: string;
  updated_at: string | null;
}

export const NODE_INTERFACE_FIELDS = [
  'bios_interface',
  'boot_interface',
  'console_interface',
  'deploy_interface',
  'firmware_interface',
  'inspect_interface',
  'management_interface',
  'network_interface',
  'power_interface',
  'raid_interface',
  'rescue_interface',
  'storage_interface',
  'vendor_interface',
] as const;
export type NodeInterfaceField = (typeof NODE_INTERFACE_FIELDS)[number];

export interface Port {
  id: number;
  uuid: string;
  name: string | null;
  address: string;
  node_id: number;
  portgroup_id: number | null;
  local_link_connection: JsonObject;
  physical_network: string | null;
  pxe_enabled: boolean;
  extra: JsonObject;
  internal_info: JsonObject;
  is_smartnic: boolean;
  created_at: string;
  updated_at: string | null;
}

export interface Portgroup {
  id: number;
  uuid: string;
  name: string | null;
  address: string | null;
  node_id: number;
  mode: string | null;
  properties: JsonObject;
  standalone_ports_supported: boolean;
  extra: JsonObject;
  internal_info: JsonObject;
  created_at: string;
  updated_at: string | null;
}

export interface Chassis {
  id: number;
  uuid: string;
  description: string | null;
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}

export interface Conductor {
  id: number;
  hostname: string;
  conductor_group: string;
  hardware_types: string[];
  online: boolean;
  created_at: string;
  updated_at: string;
  /** Scale-out: where API processes reach this conductor, and where its boot server answers. */
  rpc_url: string | null;
  boot_url: string | null;
}

/** One hardware type a conductor serves, as it registered it (core/drivers/catalog.ts reads these). */
export interface ConductorHardwareType {
  conductor_id: number;
  hardware_type: string;
  /** Per interface kind: enabled implementations, the first being the default. */
  interfaces: Record<string, string[]>;
  /** driver_info keys the hardware type's default interfaces read, with their descriptions. */
  properties: Record<string, string>;
}

export interface NodeHistoryEntry {
  id: number;
  uuid: string;
  node_id: number;
  conductor: string | null;
  event_type: string;
  severity: 'info' | 'warning' | 'error';
  event: string;
  user: string | null;
  created_at: string;
}

export interface NodeInventory {
  id: number;
  node_id: number;
  inventory_data: JsonObject;
  plugin_data: JsonObject;
  created_at: string;
}

export type AllocationState = 'allocating' | 'active' | 'error';

export interface Allocation {
  id: number;
  uuid: string;
  name: string | null;
  node_id: number | null;
  state: AllocationState;
  owner: string | null;
  last_error: string | null;
  resource_class: string | null;
  traits: string[];
  /** Node UUIDs (the API converts names), in the order given. */
  candidate_nodes: string[];
  extra: JsonObject;
  conductor_affinity: string | null;
  /** Created with `node` (API 1.58) for a node deployed already: tearing the node down keeps it. */
  backfilled: boolean;
  created_at: string;
  updated_at: string | null;
}

/** How a node reaches remote storage: its iSCSI initiator name, an FC WWPN, an IP… */
export interface VolumeConnector {
  id: number;
  uuid: string;
  node_id: number;
  type: string;
  connector_id: string;
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** A remote volume the node boots from (boot_index 0) or attaches. */
export interface VolumeTarget {
  id: number;
  uuid: string;
  node_id: number;
  volume_type: string;
  properties: JsonObject;
  boot_index: number;
  volume_id: string;
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** One step of a deploy template, run as a deploy step when the instance asks for the template's trait. */
export interface TemplateStep {
  interface: string;
  step: string;
  args: JsonObject;
  priority: number;
}

export interface DeployTemplate {
  id: number;
  uuid: string;
  /** A trait name: CUSTOM_* or a standard one. */
  name: string;
  steps: TemplateStep[];
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}
