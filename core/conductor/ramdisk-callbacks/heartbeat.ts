// The conductor's half of POST /v1/heartbeat/{node}: check the boot's token, then record what
// the agent said about itself (and its inventory on the first heartbeat). The agent fields are
// written without the node lock: a heartbeat must not fail because an operation holds it. They
// are written as a compare-and-set on the stored row instead, so a heartbeat racing a
// transition out of the agent states can never write the boot's token and URL back. Once
// recorded, a node waiting on its ramdisk continues its operation in the background
// (continue.ts); the heartbeat's answer does not wait for that.
import { Conflict, NotAuthorized } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { AgentHeartbeat } from '../conductor-api.js';
import type { ConductorContext } from '../context.js';
import { storeInventory } from '../inspection/store-inventory.js';
import { continueAfterHeartbeat } from './continue.js';
import { pinnedCertificate } from './tls-pin.js';
import { expectsAgent, TOKEN_KEY, tokenMatches } from './token.js';

/** The token is checked first, so a caller without it learns nothing about the node's state. */
function checkCaller(node: Node, hb: AgentHeartbeat, recording: boolean): void {
  if (!tokenMatches(node.driver_internal_info[TOKEN_KEY], hb.agent_token)) {
    if (recording) throw new Conflict(`Node ${node.uuid} left the ramdisk while the heartbeat was being recorded; it was ignored.`);
    throw new NotAuthorized(`Invalid or missing agent token for node ${node.uuid}`);
  }
  if (!expectsAgent(node.provision_state)) {
    const why = recording
      ? 'left the ramdisk while the heartbeat was being recorded'
      : `is in provision state "${node.provision_state}", which does not expect a ramdisk agent`;
    throw new Conflict(`Node ${node.uuid} ${why}; the heartbeat is refused.`);
  }
}

export async function agentHeartbeat(c: ConductorContext, uuid: string, hb: AgentHeartbeat): Promise<void> {
  const node = await c.store.nodes.getByIdent(uuid);
  checkCaller(node, hb, false);
  pinnedCertificate(node, hb);
  if (hb.inventory) await storeInventory(c, node.id, hb.inventory);
  await c.store.nodes.updateInternalInfo(node.id, (stored) => {
    // Checked again on the row being replaced: a transition may have ended this boot meanwhile.
    checkCaller(stored, hb, true);
    const verifyCa = pinnedCertificate(stored, hb);
    return {
      ...stored.driver_internal_info,
      agent_url: hb.callback_url,
      ...(verifyCa ? { agent_verify_ca: verifyCa } : {}),
      agent_version: hb.agent_version ?? null,
      agent_last_heartbeat: new Date().toISOString(),
      agent_status: hb.agent_status ?? null,
      agent_status_message: hb.agent_status_message ?? null,
      // Tyr extension: a running command's progress (image write: bytes, total, MB/s).
      ...(hb.progress ? { deploy_progress: { ...hb.progress, updated_at: new Date().toISOString() } } : {}),
    };
  });
  void continueAfterHeartbeat(c, node.id).catch((err: unknown) => {
    c.log.warn({ err, node_uuid: node.uuid }, 'could not continue the node after its heartbeat; the next heartbeat retries');
  });
}
