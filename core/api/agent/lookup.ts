// GET /v1/lookup?addresses=<macs>[&node_uuid=<uuid>]: a booting ramdisk asks which node it is
// (IPA protocol). Answers the node with secrets masked, and the boot's token the first time only.
import { Router, type Request } from 'express';
import { UUID_RE } from '../../db/resource-repo.js';
import { InvalidParameterValue } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { normaliseMac } from '../mac.js';
import { MASK, maskInstanceInfo, maskSecrets } from '../../mask.js';
import { queryString } from '../query.js';
import { audited } from './audit.js';

const MAX_ADDRESSES = 64;

function parseAddresses(req: Request): string[] {
  const raw = queryString(req, 'addresses');
  if (raw === undefined || raw.trim() === '') return [];
  const list = raw.split(',').map((a) => a.trim()).filter(Boolean);
  if (list.length > MAX_ADDRESSES) throw new InvalidParameterValue(`Lookup takes at most ${MAX_ADDRESSES} MAC addresses; ${list.length} were given.`);
  // Ironic skips what is not a MAC (IPA reports every interface, InfiniBand ones too) rather than failing the lookup.
  const macs: string[] = [];
  for (const a of list) {
    try { macs.push(normaliseMac(a)); } catch { /* not a MAC: skipped */ }
  }
  return [...new Set(macs)];
}

function parseNodeUuid(req: Request): string | undefined {
  const uuid = queryString(req, 'node_uuid');
  if (uuid === undefined || uuid === '') return undefined;
  if (!UUID_RE.test(uuid)) throw new InvalidParameterValue(`Query parameter "node_uuid" must be a UUID, got ${JSON.stringify(uuid)}.`);
  return uuid.toLowerCase();
}

export function agentLookupRouter({ conductor }: ApiDeps): Router {
  const router = Router();
  router.get(['/v1/lookup', '/v1/lookup/'], audited('lookup',
    (req) => ({ addresses: String(req.query.addresses ?? '').slice(0, 400), node_uuid: req.query.node_uuid }),
    async (req, res) => {
      const addresses = parseAddresses(req);
      const nodeUuid = parseNodeUuid(req);
      if (addresses.length === 0 && !nodeUuid) {
        throw new InvalidParameterValue('Lookup needs "addresses" (comma-separated MAC addresses of the machine) or "node_uuid".');
      }
      const { node, token, heartbeatTimeout } = await conductor.agentLookup(addresses, nodeUuid);
      res.json({
        node: {
          uuid: node.uuid,
          name: node.name,
          properties: node.properties,
          instance_info: maskInstanceInfo(node.instance_info),
          driver_internal_info: maskSecrets(node.driver_internal_info),
          provision_state: node.provision_state,
        },
        config: { heartbeat_timeout: heartbeatTimeout, agent_token: token ?? MASK, agent_token_required: true },
      });
    }));
  return router;
}
