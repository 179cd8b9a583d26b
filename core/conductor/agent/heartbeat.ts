// The conductor's half of POST /v1/heartbeat/{node}: check the boot's token, then record what
// the agent said about itself (and its inventory on the first heartbeat). The agent fields are
// written without the node lock: a heartbeat must not fail because an operation holds it, and
// nothing else writes these fields. Once recorded, a node waiting on its ramdisk continues its
// operation in the background (continue.ts); the heartbeat's answer does not wait for that.
import { Conflict, NotAuthorized } from '../../errors.js';
import type { AgentHeartbeat } from '../conductor-api.js';
import type { ConductorContext } from '../context.js';
import { storeInventory } from '../inspection/store-inventory.js';
import { continueAfterHeartbeat } from './continue.js';
import { expectsAgent, TOKEN_KEY, tokenMatches } from './token.js';

export async function agentHeartbeat(c: ConductorContext, uuid: string, hb: AgentHeartbeat): Promise<void> {
  const node = await c.store.nodes.getByIdent(uuid);
  // The token is checked first, so a caller without it learns nothing about the node's state.
  if (!tokenMatches(node.driver_internal_info[TOKEN_KEY], hb.agent_token)) {
    throw new NotAuthorized(`Invalid or missing agent token for node ${node.uuid}`);
  }
  if (!expectsAgent(node.provision_state)) {
    throw new Conflict(`Node ${node.uuid} is in provision state "${node.provision_state}", which does not expect a ramdisk agent; the heartbeat is refused.`);
  }
  if (hb.inventory) {
    const pci = hb.inventory.pci_devices;
    await storeInventory(c, node.id, hb.inventory, pci === undefined ? {} : { pci_devices: pci });
  }
  // Re-read just before writing, so a concurrent write to other driver_internal_info keys
  // survives, and so a transition that has just ended this boot (abort) is not undone.
  const fresh = await c.store.nodes.getById(node.id);
  if (!tokenMatches(fresh.driver_internal_info[TOKEN_KEY], hb.agent_token) || !expectsAgent(fresh.provision_state)) {
    throw new Conflict(`Node ${node.uuid} left the ramdisk while the heartbeat was being recorded; it was ignored.`);
  }
  await c.store.nodes.update(node.id, {
    driver_internal_info: {
      ...fresh.driver_internal_info,
      agent_url: hb.callback_url,
      agent_version: hb.agent_version ?? null,
      agent_last_heartbeat: new Date().toISOString(),
      agent_status: hb.agent_status ?? null,
      agent_status_message: hb.agent_status_message ?? null,
      // Tyr extension: a running command's progress (image write: bytes, total, MB/s).
      ...(hb.progress ? { deploy_progress: { ...hb.progress, updated_at: new Date().toISOString() } } : {}),
    },
  });
  void continueAfterHeartbeat(c, node.id).catch((err: unknown) => {
    c.log.warn({ err, node_uuid: node.uuid }, 'could not continue the node after its heartbeat; the next heartbeat retries');
  });
}
