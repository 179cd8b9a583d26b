// Row shapes of Tyr's tables as Kysely sees them. JSON documents are stored as TEXT and booleans
// as 0/1 integers in both dialects, so one set of queries serves SQLite and PostgreSQL; the
// per-table repositories decode rows into the typed objects the rest of the code uses.
import type { Generated } from 'kysely';

type Json = string;
type Bool01 = number;
type Timestamp = string;

export interface NodesTable {
  id: Generated<number>;
  uuid: string;
  name: string | null;
  driver: string;
  driver_info: Json;
  driver_internal_info: Json;
  properties: Json;
  instance_uuid: string | null;
  instance_info: Json;
  power_state: string | null;
  target_power_state: string | null;
  provision_state: string;
  target_provision_state: string | null;
  provision_updated_at: Timestamp | null;
  last_error: string | null;
  maintenance: Bool01;
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
  extra: Json;
  chassis_id: number | null;
  console_enabled: Bool01;
  inspection_started_at: Timestamp | null;
  inspection_finished_at: Timestamp | null;
  clean_step: Json;
  deploy_step: Json;
  raid_config: Json;
  target_raid_config: Json;
  automated_clean: Bool01 | null;
  protected: Bool01;
  protected_reason: string | null;
  owner: string | null;
  lessee: string | null;
  description: string | null;
  retired: Bool01;
  retired_reason: string | null;
  network_data: Json;
  boot_mode: string | null;
  secure_boot: Bool01 | null;
  shard: string | null;
  allocation_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface PortsTable {
  id: Generated<number>;
  uuid: string;
  name: string | null;
  address: string;
  node_id: number;
  portgroup_id: number | null;
  local_link_connection: Json;
  physical_network: string | null;
  pxe_enabled: Bool01;
  extra: Json;
  internal_info: Json;
  is_smartnic: Bool01;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface PortgroupsTable {
  id: Generated<number>;
  uuid: string;
  name: string | null;
  address: string | null;
  node_id: number;
  mode: string | null;
  properties: Json;
  standalone_ports_supported: Bool01;
  extra: Json;
  internal_info: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface ChassisTable {
  id: Generated<number>;
  uuid: string;
  description: string | null;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface ConductorsTable {
  id: Generated<number>;
  hostname: string;
  conductor_group: string;
  hardware_types: Json;
  online: Bool01;
  created_at: Timestamp;
  updated_at: Timestamp;
  rpc_url: string | null;
  boot_url: string | null;
}

/** What a conductor registered for one hardware type it serves (JSON: interfaces, properties). */
export interface ConductorHardwareTypesTable {
  conductor_id: number;
  hardware_type: string;
  interfaces: Json;
  properties: Json;
}

export interface NodeTraitsTable {
  node_id: number;
  trait: string;
  created_at: Timestamp;
}

export interface NodeHistoryTable {
  id: Generated<number>;
  uuid: string;
  node_id: number;
  conductor: string | null;
  event_type: string;
  severity: string;
  event: string;
  user: string | null;
  created_at: Timestamp;
}

export interface NodeInventoryTable {
  id: Generated<number>;
  node_id: number;
  inventory_data: Json;
  plugin_data: Json;
  created_at: Timestamp;
}

export interface InspectionRulesTable {
  id: Generated<number>;
  uuid: string;
  description: string | null;
  conditions: Json;
  actions: Json;
  created_at: Timestamp;
}

export interface AllocationsTable {
  id: Generated<number>;
  uuid: string;
  name: string | null;
  node_id: number | null;
  state: string;
  owner: string | null;
  last_error: string | null;
  resource_class: string | null;
  traits: Json;
  candidate_nodes: Json;
  extra: Json;
  conductor_affinity: string | null;
  backfilled: Bool01;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface VolumeConnectorsTable {
  id: Generated<number>;
  uuid: string;
  node_id: number;
  type: string;
  connector_id: string;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface VolumeTargetsTable {
  id: Generated<number>;
  uuid: string;
  node_id: number;
  volume_type: string;
  properties: Json;
  boot_index: number;
  volume_id: string;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface DeployTemplatesTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  steps: Json;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface Database {
  nodes: NodesTable;
  ports: PortsTable;
  portgroups: PortgroupsTable;
  chassis: ChassisTable;
  conductors: ConductorsTable;
  conductor_hardware_types: ConductorHardwareTypesTable;
  node_traits: NodeTraitsTable;
  node_history: NodeHistoryTable;
  node_inventory: NodeInventoryTable;
  inspection_rules: InspectionRulesTable;
  allocations: AllocationsTable;
  volume_connectors: VolumeConnectorsTable;
  volume_targets: VolumeTargetsTable;
  deploy_templates: DeployTemplatesTable;
}
