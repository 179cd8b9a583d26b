// The whole migration decided before anything is written: which rows become nodes and ports,
// which are skipped (soft-deleted, already in Tyr) and which are invalid, each with its reason.
// The dry run prints this plan; the real run writes exactly it.
import { isSoftDeleted, mapNode, mapPort, normaliseMac, type MappingOptions, type NodeValues, type PortValues } from './mapping.js';
import type { DetectedSchema } from './nova-schema.js';
import type { SourceRow } from './source.js';

export interface PlanEntry {
  table: 'bm_nodes' | 'bm_interfaces';
  /** The source row's id (null for a Grizzly prov_mac_address with no interface row). */
  id: number | null;
  uuid?: string;
  address?: string;
  reason: string;
}

export interface PlannedPort {
  sourceId: number | null;
  values: PortValues;
}

export interface PlannedNode {
  sourceId: number;
  values: NodeValues;
  ports: PlannedPort[];
}

export interface Plan {
  variant: string;
  nodes: PlannedNode[];
  skipped: PlanEntry[];
  invalid: PlanEntry[];
  warnings: string[];
}

/** What Tyr already holds: nodes are matched by UUID, ports by MAC. */
export interface TyrState {
  existingUuids: Set<string>;
  /** MAC → UUID of the Tyr node that has it. */
  existingMacs: Map<string, string>;
}

const idOf = (row: SourceRow): number | null => (row.id === null || row.id === undefined ? null : Number(row.id));

export function buildPlan(
  schema: DetectedSchema,
  nodeRows: SourceRow[],
  ifaceRows: SourceRow[],
  tyr: TyrState,
  opts: MappingOptions,
): Plan {
  const plan: Plan = { variant: schema.variant, nodes: [], skipped: [], invalid: [], warnings: [] };
  const byNode = new Map<number, SourceRow[]>();
  for (const iface of ifaceRows) {
    if (isSoftDeleted(iface)) {
      plan.skipped.push({ table: 'bm_interfaces', id: idOf(iface), address: String(iface.address ?? ''), reason: 'soft-deleted' });
      continue;
    }
    const list = byNode.get(Number(iface.bm_node_id)) ?? [];
    list.push(iface);
    byNode.set(Number(iface.bm_node_id), list);
  }
  // Interfaces of nodes that are not migrated are reported with the node's reason.
  const dropInterfaces = (nodeId: number, into: PlanEntry[], reason: string) => {
    for (const iface of byNode.get(nodeId) ?? [])
      into.push({ table: 'bm_interfaces', id: idOf(iface), address: String(iface.address ?? ''), reason });
    byNode.delete(nodeId);
  };
  const seenUuids = new Map<string, number>();
  const seenInstances = new Map<string, number>();
  const seenMacs = new Map<string, string>();
  const liveNodeIds = new Set<number>();

  for (const row of nodeRows) {
    const id = Number(row.id);
    if (isSoftDeleted(row)) {
      plan.skipped.push({
        table: 'bm_nodes',
        id,
        uuid: row.uuid ? String(row.uuid) : undefined,
        reason: `soft-deleted${row.deleted_at ? ` at ${String(row.deleted_at)}` : ''}`,
      });
      dropInterfaces(id, plan.skipped, `its node bm_nodes id=${id} is soft-deleted`);
      continue;
    }
    liveNodeIds.add(id);
    const mapped = mapNode(row, opts);
    if ('invalid' in mapped) {
      plan.invalid.push({ table: 'bm_nodes', id, uuid: row.uuid ? String(row.uuid) : undefined, reason: mapped.invalid });
      dropInterfaces(id, plan.invalid, `its node bm_nodes id=${id} is invalid`);
      continue;
    }
    const { values } = mapped;
    if (tyr.existingUuids.has(values.uuid)) {
      plan.skipped.push({ table: 'bm_nodes', id, uuid: values.uuid, reason: 'already in Tyr (same UUID)' });
      dropInterfaces(id, plan.skipped, `its node ${values.uuid} is already in Tyr`);
      continue;
    }
    const dupOf = seenUuids.get(values.uuid) ?? (values.instance_uuid ? seenInstances.get(values.instance_uuid) : undefined);
    if (dupOf !== undefined) {
      const what = seenUuids.has(values.uuid) ? `duplicate uuid ${values.uuid}` : `duplicate instance_uuid ${values.instance_uuid}`;
      plan.invalid.push({ table: 'bm_nodes', id, uuid: values.uuid, reason: `${what}, also on bm_nodes id=${dupOf}` });
      dropInterfaces(id, plan.invalid, `its node bm_nodes id=${id} is invalid`);
      continue;
    }
    seenUuids.set(values.uuid, id);
    if (values.instance_uuid) seenInstances.set(values.instance_uuid, id);
    plan.warnings.push(...mapped.warnings);
    plan.nodes.push({ sourceId: id, values, ports: planPorts(row, byNode.get(id) ?? [], values.uuid, tyr, seenMacs, plan) });
    byNode.delete(id);
  }
  for (const [nodeId, ifaces] of byNode) {
    for (const iface of ifaces) {
      plan.invalid.push({
        table: 'bm_interfaces',
        id: idOf(iface),
        address: String(iface.address ?? ''),
        reason: liveNodeIds.has(nodeId) ? 'unreachable' : `bm_node_id ${nodeId} matches no node`,
      });
    }
  }
  return plan;
}

function planPorts(
  row: SourceRow,
  ifaces: SourceRow[],
  nodeUuid: string,
  tyr: TyrState,
  seenMacs: Map<string, string>,
  plan: Plan,
): PlannedPort[] {
  // Grizzly kept the provisioning NIC on the node; only it PXE boots. Later schemas moved it into
  // bm_interfaces without a flag, and every interface was a PXE candidate.
  const grizzly = 'prov_mac_address' in row;
  const provMac = normaliseMac(row.prov_mac_address);
  const candidates = [...ifaces];
  if (grizzly && row.prov_mac_address && !ifaces.some((i) => normaliseMac(i.address) === provMac)) {
    candidates.unshift({ id: null, bm_node_id: row.id, address: row.prov_mac_address });
  }
  const vlan = row.prov_vlan_id === null || row.prov_vlan_id === undefined ? undefined : Number(row.prov_vlan_id);
  const ports: PlannedPort[] = [];
  for (const iface of candidates) {
    const entry = { table: 'bm_interfaces' as const, id: idOf(iface), address: String(iface.address ?? '') };
    const mac = normaliseMac(iface.address);
    if (!mac) {
      plan.invalid.push({ ...entry, reason: `invalid MAC ${JSON.stringify(iface.address ?? null)} on node ${nodeUuid}` });
      continue;
    }
    const other = seenMacs.get(mac) ?? tyr.existingMacs.get(mac);
    if (other !== undefined) {
      const where = seenMacs.has(mac) ? `also on node ${other} in this migration` : `already a port of Tyr node ${other}`;
      plan.invalid.push({ ...entry, reason: `duplicate MAC ${mac} on node ${nodeUuid}: ${where}` });
      continue;
    }
    seenMacs.set(mac, nodeUuid);
    const pxe = grizzly && provMac ? mac === provMac : true;
    ports.push({ sourceId: idOf(iface), values: mapPort(iface, mac, pxe, pxe ? vlan : undefined) });
  }
  return ports;
}
