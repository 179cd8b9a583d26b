// What Nova's resource tracker sees of a node: whether it is offered at all, its resource dict
// (get_available_resource) and its Placement inventory (update_provider_tree). The rules are
// those of Nova's ironic driver: one unit of CUSTOM_<RESOURCE_CLASS>, reserved while the node is
// in use or unavailable.
import type { ApiNode } from '../client/types.js';
import { integerProperty as int } from '../client/properties.js';
import { STATE } from '../core/states/provision-states.js';
import { ShimError } from './errors.js';

export const HYPERVISOR_TYPE = 'ironic';
/** Nova's ironic driver reports the API version as an integer; Tyr reports its own major.minor. */
export const HYPERVISOR_VERSION = 1;

/** Maintenance, a bad power state, or a provision state other than available. */
export function isUnavailable(node: ApiNode): boolean {
  return node.maintenance || node.power_state === null || node.power_state === 'error' || node.provision_state !== STATE.AVAILABLE;
}

export const isUsed = (node: ApiNode): boolean => node.instance_uuid !== null && node.instance_uuid !== undefined;

/**
 * An orphan holds an instance that no compute host placed through this shim (no nova_host_id),
 * or that another compute host manages: this host must not report it.
 */
export function isOrphan(node: ApiNode, host: string | undefined): boolean {
  if (!isUsed(node)) return false;
  const owner = (node.instance_info as Record<string, unknown> | undefined)?.nova_host_id;
  if (typeof owner !== 'string' || owner === '') return true;
  return host !== undefined && owner.toLowerCase() !== host.toLowerCase();
}

/**
 * The nodes a compute host reports: past enroll, not orphans. Nodes in maintenance stay listed,
 * as Nova's ironic driver lists them, with their inventory reserved (isUnavailable): a node
 * missing from the list is an orphan compute node to Nova, which deletes its resource provider
 * together with the allocation of any instance running there.
 */
export function offeredNodes(nodes: ApiNode[], host?: string): ApiNode[] {
  return nodes.filter((n) => n.provision_state !== STATE.ENROLL && !isOrphan(n, host));
}

/** os_resource_classes.normalize_name: upper case, non-alphanumerics to "_", CUSTOM_ prefix. */
export function normalizeResourceClass(rc: string): string {
  const norm = rc.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return norm.startsWith('CUSTOM_') ? norm : `CUSTOM_${norm}`;
}

/** The dict get_available_resource returns for a node (Nova's ironic _node_resource). */
export function nodeResource(node: ApiNode): Record<string, unknown> {
  const props = node.properties ?? {};
  const rawArch = typeof props.cpu_arch === 'string' ? props.cpu_arch : null;
  const stats: Record<string, string | null> = { cpu_arch: rawArch };
  if (typeof props.capabilities === 'string') {
    for (const cap of props.capabilities.split(',')) {
      const [k, v, ...rest] = cap.split(':');
      if (k?.trim() && v && rest.length === 0) stats[k.trim()] = v;
    }
  }
  return {
    uuid: node.uuid,
    hypervisor_hostname: node.uuid,
    hypervisor_type: HYPERVISOR_TYPE,
    hypervisor_version: HYPERVISOR_VERSION,
    resource_class: node.resource_class ?? null,
    // Nova reports no vCPU/RAM/disk for bare metal: the node is one unit of its resource class.
    cpu_info: null,
    vcpus: 0,
    vcpus_used: 0,
    local_gb: 0,
    local_gb_used: 0,
    disk_available_least: 0,
    memory_mb: 0,
    memory_mb_used: 0,
    supported_instances: rawArch ? [[rawArch, 'baremetal', 'hvm']] : [],
    stats,
    numa_topology: null,
    // Informative only (Nova ignores them): the hardware Placement does not see.
    properties: { cpus: int(props.cpus), memory_mb: int(props.memory_mb), local_gb: int(props.local_gb) },
  };
}

/** update_provider_tree's inventory and traits for a node. */
export function providerTree(node: ApiNode): { inventory: Record<string, Record<string, number>>; traits: string[]; reserved: boolean } {
  const rc = node.resource_class;
  if (typeof rc !== 'string' || rc === '') {
    throw new ShimError(
      409,
      'NoResourceClass',
      `Node ${node.uuid} has no resource_class; set one (e.g. \`baremetal node set --resource-class baremetal ${node.uuid}\`) so Nova can schedule to it.`,
    );
  }
  const reserved = isUnavailable(node) || isUsed(node);
  const inventory = {
    [normalizeResourceClass(rc)]: { total: 1, reserved: reserved ? 1 : 0, min_unit: 1, max_unit: 1, step_size: 1, allocation_ratio: 1.0 },
  };
  return { inventory, traits: Array.isArray(node.traits) ? (node.traits as string[]) : [], reserved };
}
