// The conductor's half of GET /v1/lookup: find the node a booting ramdisk belongs to (by one of
// its MACs, or the UUID the kernel command line named), check that its state expects an agent,
// and hand out the boot's token the first time only.
import { Conflict, NotFound } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { AgentLookupResult } from '../conductor-api.js';
import type { ConductorContext } from '../context.js';
import { expectsAgent, newToken, TOKEN_KEY } from './token.js';

async function findNode(c: ConductorContext, addresses: string[], nodeUuid?: string): Promise<Node> {
  if (nodeUuid) {
    const node = await c.store.nodes.findByUuid(nodeUuid);
    if (!node) throw new NotFound(`Node ${nodeUuid} could not be found.`);
    return node;
  }
  const ports = await c.store.ports.findByAddresses(addresses);
  const ids = [...new Set(ports.map((p) => p.node_id))];
  if (ids.length === 0) {
    throw new NotFound(`No node has a port with any of the MAC addresses ${addresses.join(', ')}. Enroll a port with one of them (baremetal port create).`);
  }
  if (ids.length > 1) {
    throw new Conflict(`The MAC addresses ${addresses.join(', ')} belong to ports of ${ids.length} different nodes; fix the ports so each machine's MACs name one node.`);
  }
  return c.store.nodes.getById(ids[0]);
}

// Two lookups racing for one node must not both issue a token: in this process they queue per
// node. (Lookups for a node reach the one conductor that owns it.)
const pending = new Map<number, Promise<unknown>>();

async function serialised<T>(id: number, fn: () => Promise<T>): Promise<T> {
  const before = pending.get(id) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(fn);
  pending.set(id, run);
  try {
    return await run;
  } finally {
    if (pending.get(id) === run) pending.delete(id);
  }
}

export async function agentLookup(c: ConductorContext, addresses: string[], nodeUuid?: string): Promise<AgentLookupResult> {
  const found = await findNode(c, addresses, nodeUuid);
  return serialised(found.id, async () => {
    // Re-read under the queue: an earlier lookup may just have issued the token.
    let node = await c.store.nodes.getById(found.id);
    if (!expectsAgent(node.provision_state)) {
      throw new Conflict(`Node ${node.uuid} is in provision state "${node.provision_state}", which does not expect a ramdisk agent; lookup is refused.`);
    }
    const heartbeatTimeout = c.config.conductor.deploy_callback_timeout;
    if (node.driver_internal_info[TOKEN_KEY]) return { node, token: null, heartbeatTimeout };
    const token = newToken();
    node = await c.store.nodes.update(node.id, { driver_internal_info: { ...node.driver_internal_info, [TOKEN_KEY]: token } });
    return { node, token, heartbeatTimeout };
  });
}
