// The /v1 shapes the node page reads, as far as it reads them (the API sends more).
export interface ApiNode {
  uuid: string;
  name: string | null;
  driver: string;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  target_power_state: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  last_error: string | null;
  resource_class: string | null;
  conductor_group: string;
  owner: string | null;
  instance_uuid: string | null;
  console_enabled: boolean;
  boot_mode: string | null;
  secure_boot: boolean | null;
  instance_info: Record<string, unknown>;
  driver_internal_info: Record<string, unknown>;
  raid_config: Record<string, unknown>;
  target_raid_config: Record<string, unknown>;
  updated_at: string | null;
  [field: string]: unknown;
}

export interface ApiPort {
  uuid: string;
  address: string;
  pxe_enabled?: boolean;
  portgroup_uuid?: string | null;
  local_link_connection?: Record<string, string>;
  physical_network?: string | null;
}

export interface ApiPortgroup {
  uuid: string;
  name: string | null;
  address: string | null;
  mode: string | null;
}

export interface HistoryEntry {
  uuid: string;
  created_at: string;
  severity: 'info' | 'warning' | 'error';
  event: string;
  event_type?: string;
  user?: string | null;
}

/** The interfaces a node names in `<kind>_interface` fields (bios_interface, raid_interface…). */
export function interfaceOf(node: ApiNode, kind: string): string | undefined {
  const v = node[`${kind}_interface`];
  return typeof v === 'string' ? v : undefined;
}

export const nodeLabel = (node: Pick<ApiNode, 'name' | 'uuid'>) => node.name ?? node.uuid;
