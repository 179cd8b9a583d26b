// The API's resource shapes as the client sees them. Only the fields the client and its users
// rely on are named; the server may send more (and older microversions fewer), so every shape
// stays open. The client speaks the wire format only: of core/ it imports just core/states
// (provision states and verbs as data, dependency-free).
import type { Verb } from '../core/states/provision-verbs.js';

export type Json = Record<string, unknown>;

export interface ApiNode extends Json {
  uuid: string;
  name: string | null;
  driver: string;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  target_power_state: string | null;
  maintenance: boolean;
  last_error: string | null;
  instance_uuid: string | null;
  properties: Json;
  driver_info: Json;
  extra: Json;
}

export interface ApiPort extends Json {
  uuid: string;
  address: string;
  node_uuid?: string;
}

/** One RFC 6902 operation, as PATCH /v1/nodes/{node} takes them. */
export type PatchOp = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

export interface Page<T> {
  items: T[];
  /** The server's `next` link, when there are more results. */
  next?: string;
}

/** Query parameters of GET /v1/nodes. `detail` selects /v1/nodes/detail. */
/** Paging and field selection every list endpoint takes. */
export interface ListOptions {
  fields?: string[];
  limit?: number;
  marker?: string;
  sort_key?: string;
  sort_dir?: 'asc' | 'desc';
  detail?: boolean;
}

export interface NodeListFilters extends ListOptions {
  provision_state?: string;
  maintenance?: boolean;
  associated?: boolean;
  instance_uuid?: string;
  /** Tyr's own filter: the instance's name (instance_info.display_name). */
  instance_name?: string;
  driver?: string;
  resource_class?: string;
  conductor_group?: string;
  fault?: string;
  owner?: string;
  lessee?: string;
  description_contains?: string;
}

export interface PortListFilters extends ListOptions {
  node?: string;
  address?: string;
}

export type PowerTarget = 'power on' | 'power off' | 'rebooting' | 'soft power off' | 'soft rebooting';

/**
 * The provision verbs PUT /states/provision accepts (`active` is deploy, `deleted` undeploy):
 * Tyr's, and Ironic's newer servicing verbs for clients pointed at an Ironic.
 */
export type ProvisionVerb = Verb | 'service' | 'unhold';

export interface ProvisionOptions {
  configdrive?: string | Json;
  clean_steps?: Json[];
  deploy_steps?: Json[];
  rescue_password?: string;
  disable_ramdisk?: boolean;
}

export interface NodeStates extends Json {
  power_state: string | null;
  provision_state: string;
  target_power_state: string | null;
  target_provision_state: string | null;
  last_error: string | null;
  console_enabled?: boolean;
}

export interface ConsoleInfo extends Json {
  console_enabled: boolean;
  console_info: Json | null;
}

export interface WaitOptions {
  /** 0 or undefined: wait without a limit. */
  timeoutMs?: number;
  pollIntervalMs?: number;
  /** Called on every poll with the node as it is now. */
  onProgress?: (node: ApiNode, elapsedMs: number) => void;
}
