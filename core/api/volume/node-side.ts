// What volume connectors and targets share: each belongs to one node, named by UUID in the body
// and by UUID or name in the `node` filter, and changes to it are refused unless that node is
// powered off (the storage interface reads them while the node boots).
import type { Request } from 'express';
import { InvalidParameterValue, InvalidStateRequested, NotFound } from '../../errors.js';
import { UUID_RE } from '../../db/resource-repo.js';
import type { Store } from '../../db/store.js';
import { findNode } from '../nodes/node-lookup.js';
import { queryString } from '../query.js';

/** The node_id of a body's node_uuid: a UUID of an existing node, or a 400 (not a 404: the request is at fault). */
export async function nodeIdOf(store: Store, value: unknown, noun: string): Promise<number> {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new InvalidParameterValue(
      `Expected a UUID for the ${noun}'s node_uuid, but received ${JSON.stringify(value)}. Use the node's UUID, not its name.`,
    );
  }
  const node = await store.nodes.findByUuid(value);
  if (!node) throw new InvalidParameterValue(`Node ${value} could not be found, so it cannot own a ${noun}. Check the node_uuid.`);
  return node.id;
}

/** The list's node: /v1/nodes/{node}/volume/… or `?node=<uuid or name>`. */
export async function nodeFilter(req: Request, store: Store): Promise<{ node_id?: number }> {
  const ident = (req.params.ident as string | undefined) ?? queryString(req, 'node');
  return ident === undefined ? {} : { node_id: (await findNode(req, store, ident)).id };
}

/** Ironic's rule: connectors and targets change only while their node is powered off. */
export async function requirePoweredOff(store: Store, nodeId: number, action: string): Promise<void> {
  const node = await store.nodes.findById(nodeId);
  if (!node) throw new NotFound(`Node ${nodeId} could not be found.`);
  if (node.power_state !== 'power off') {
    throw new InvalidStateRequested(
      `The requested action "${action}" can not be performed on node "${node.uuid}" while it is in state "${node.power_state}". Power the node off first.`,
    );
  }
}
