// IPA's automatic TLS: the agent makes a self-signed certificate at start-up and sends it in its
// heartbeats (agent_verify_ca). The first heartbeat of a boot that carries one pins it in
// driver_internal_info; from then on the conductor speaks HTTPS to the agent and trusts exactly
// that certificate (core/drivers/ramdisk-agent/agent-client.ts). A later heartbeat of the same boot with
// another certificate, or advertising plain HTTP, is refused: whoever holds the token could
// otherwise redirect the conductor to a machine of their own. A new boot starts with no pin
// (token.ts forgets it with the other agent fields).
import { InvalidParameterValue } from '../../errors.js';
import type { Node } from '../../db/types.js';
import type { AgentHeartbeat } from '../conductor-api.js';

export const VERIFY_CA_KEY = 'agent_verify_ca';

/** The certificate this boot's agent serves (to store), or undefined for a plain-HTTP agent. */
export function pinnedCertificate(node: Node, hb: Pick<AgentHeartbeat, 'agent_verify_ca' | 'callback_url'>): string | undefined {
  const pinned = node.driver_internal_info[VERIFY_CA_KEY];
  const cert = typeof pinned === 'string' && pinned !== '' ? pinned : hb.agent_verify_ca;
  if (cert === undefined) return undefined;
  if (hb.agent_verify_ca !== undefined && hb.agent_verify_ca !== cert) {
    throw new InvalidParameterValue(
      `The agent of node ${node.uuid} sent a different agent_verify_ca than the certificate pinned for this ramdisk boot; the heartbeat is refused. If the ramdisk was restarted, boot the node into it again.`,
    );
  }
  if (!hb.callback_url.startsWith('https://')) {
    throw new InvalidParameterValue(
      `The agent of node ${node.uuid} has a TLS certificate (agent_verify_ca) but advertised ${hb.callback_url}; its callback_url must be https.`,
    );
  }
  return cert;
}
