// The node as the API shows it: Ironic's field names, links, secrets masked, and only the fields
// the request's microversion knows. Lookups a page needs (chassis UUIDs, traits, allocations) are batched per
// request through NodeViewContext.
import type { Request } from 'express';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { STATE } from '../../states/provision-states.js';
import { linksAt } from '../links.js';
import { baseUrl } from '../root.js';
import { maskInstanceInfo, maskSecrets } from '../../mask.js';
import { minorOf } from '../microversion.js';
import { NODE_FIELD_SINCE, NODE_LIST_FIELDS, nodeFieldsAt } from './node-fields.js';

export interface NodeViewContext {
  req: Request;
  /** The request's scheme://host, worked out once for all the links of a page. */
  base: string;
  minor: number;
  /** The conductor a node's response names: this process's, or in scale-out its ring owner. */
  conductorOf: (node: Node) => string | null;
  chassisUuid: Map<number, string>;
  traits: Map<number, string[]>;
  allocationUuid: Map<number, string>;
}

/** Loads what `nodes` need beyond their own row: chassis UUIDs, and traits when shown. */
export async function nodeViewContext(
  req: Request,
  store: Store,
  conductorOf: NodeViewContext['conductorOf'],
  nodes: Node[],
  fields: readonly string[],
): Promise<NodeViewContext> {
  const minor = minorOf(req);
  const chassisUuid = new Map<number, string>();
  let traits = new Map<number, string[]>();
  if (fields.includes('chassis_uuid')) {
    for (const id of new Set(nodes.map((n) => n.chassis_id).filter((id): id is number => id !== null))) {
      const c = await store.chassis.findById(id);
      if (c) chassisUuid.set(id, c.uuid);
    }
  }
  if (fields.includes('traits') && minor >= 37) {
    traits = await store.traits.listForNodes(nodes.map((n) => n.id));
  }
  const allocationUuid =
    fields.includes('allocation_uuid') && minor >= 52
      ? await store.allocations.uuidsOf(nodes.map((n) => n.allocation_id))
      : new Map<number, string>();
  return { req, base: baseUrl(req), minor, conductorOf, chassisUuid, traits, allocationUuid };
}

function fieldValue(node: Node, field: string, ctx: NodeViewContext): unknown {
  switch (field) {
    case 'chassis_uuid':
      return node.chassis_id === null ? null : (ctx.chassisUuid.get(node.chassis_id) ?? null);
    case 'traits':
      return ctx.traits.get(node.id) ?? [];
    case 'conductor':
      return ctx.conductorOf(node);
    case 'allocation_uuid':
      return node.allocation_id === null ? null : (ctx.allocationUuid.get(node.allocation_id) ?? null);
    case 'driver_info':
    case 'driver_internal_info':
      return maskSecrets(node[field]);
    case 'instance_info':
      return maskInstanceInfo(node.instance_info);
    // Ironic shows "no step" as an empty object.
    case 'clean_step':
    case 'deploy_step':
      return node[field] ?? {};
    // Before 1.2, "available" was NOSTATE (null) on the wire.
    case 'provision_state':
      return ctx.minor < 2 && node.provision_state === STATE.AVAILABLE ? null : node.provision_state;
    default:
      return node[field as keyof Node] ?? null;
  }
}

/** Which fields a response shows: `?fields`, the short list, or everything the version knows. */
export function nodeFieldSet(minor: number, detail: boolean, requested?: string[]): readonly string[] {
  if (requested) return requested;
  const known = nodeFieldsAt(minor);
  return detail ? known : NODE_LIST_FIELDS.filter((f) => known.includes(f));
}

export function nodeView(node: Node, fields: readonly string[], ctx: NodeViewContext, withSubLinks: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if ((NODE_FIELD_SINCE[f] ?? Infinity) <= ctx.minor) out[f] = fieldValue(node, f, ctx);
  out.links = linksAt(ctx.base, `nodes/${node.uuid}`);
  if (withSubLinks) {
    out.ports = linksAt(ctx.base, `nodes/${node.uuid}/ports`);
    if (ctx.minor >= 24) out.portgroups = linksAt(ctx.base, `nodes/${node.uuid}/portgroups`);
    if (ctx.minor >= 14) out.states = linksAt(ctx.base, `nodes/${node.uuid}/states`);
    if (ctx.minor >= 32) out.volume = linksAt(ctx.base, `nodes/${node.uuid}/volume`);
  }
  return out;
}
