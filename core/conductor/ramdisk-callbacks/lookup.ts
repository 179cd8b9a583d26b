// The conductor's half of GET /v1/lookup: find the node a booting ramdisk belongs to (by one of
// its MACs, or the UUID the kernel command line named), check that its state expects an agent,
// and hand out the boot's token the first time only.
import { Conflict, NotFound } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { AgentLookupResult } from '../conductor-api.js';
import type { ConductorContext } from '../context.js';
import { expectsAgent, newToken, TOKEN_KEY } from './token.js';

/** The node a lookup is about; also used by API processes to route the lookup to its conductor. */
export async function findLookupNode(c: Pick<ConductorContext, 'store'>, addresses: string[], nodeUuid?: string): Promise<Node> {
  if (nodeUuid) {
    const node = await c.store.nodes.findByUuid(nodeUuid);
    if (!node) throw new NotFound(`Node ${nodeUuid} could not be found.`);
    return node;
  }
  const ports = await c.store.ports.findByAddresses(addresses);
  const ids = [...new Set(ports.map((p) => p.node_id))];
  if (ids.length === 0) {
    throw new NotFound(
      `No node has a port with any of the MAC addresses ${addresses.join(', ')}. Enroll a port with one of them (baremetal port create).`,
    );
  }
  if (ids.length > 1) {
    throw new Conflict(
      `The MAC addresses ${addresses.join(', ')} belong to ports of ${ids.length} different nodes; fix the ports so each machine's MACs name one node.`,
    );
  }
  return c.store.nodes.getById(ids[0]!);
}

function refuse(node: Node): NotFound {
  // Ironic answers 404, so a ramdisk on a node that expects none learns nothing about it.
  return new NotFound(
    `Node ${node.uuid} is in provision state "${node.provision_state}", which does not expect a ramdisk agent; lookup is refused.`,
  );
}

export async function agentLookup(c: ConductorContext, addresses: string[], nodeUuid?: string): Promise<AgentLookupResult> {
  const found = await findLookupNode(c, addresses, nodeUuid);
  if (!expectsAgent(found.provision_state)) throw refuse(found);
  const heartbeatTimeout = c.config.conductor.deploy_callback_timeout;
  // Two lookups racing for one node (in this process or in two conductor processes) must not
  // both issue a token, nor may a lookup racing the node's way out of the agent states issue
  // one after it: the token is written by a compare-and-set on the stored row, and only the
  // lookup whose write lands, on a node still expecting an agent, gets it.
  const token = newToken();
  let current = found;
  const issued = await c.store.nodes.updateInternalInfo(found.id, (stored) => {
    current = stored;
    if (!expectsAgent(stored.provision_state)) throw refuse(stored);
    const info = stored.driver_internal_info;
    return info[TOKEN_KEY] !== undefined && info[TOKEN_KEY] !== null ? undefined : { ...info, [TOKEN_KEY]: token };
  });
  if (issued) return { node: issued, token, heartbeatTimeout };
  return { node: current, token: null, heartbeatTimeout };
}
