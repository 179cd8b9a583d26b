// GET /v1/lookup?addresses=<macs>[&node_uuid=<uuid>]: a booting ramdisk asks which node it is
// (IPA protocol). Nobody is authenticated here: whoever is on the provisioning network can ask.
// So the answer carries only what an agent needs to start: the node's uuid, its properties and
// its instance_info with secrets masked (the config drive among them), and the config, with the
// boot's token the first time only. What is secret reaches the agent later through its
// token-authenticated command API: the config drive in standby.prepare_image, the rescue
// password hash in rescue.finalize_rescue. driver_internal_info is never shown.
import { Router, type Request } from 'express';
import { UUID_RE } from '../../db/resource-repo.js';
import { InvalidParameterValue } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { normaliseMac } from '../mac.js';
import { MASK, maskInstanceInfo, maskSecrets } from '../../mask.js';
import { queryString } from '../query.js';
import { agentApiLogger, audited } from './audit.js';
import { lookupConfig } from './lookup-config.js';

const MAX_ADDRESSES = 64;

function parseAddresses(req: Request): string[] {
  const raw = queryString(req, 'addresses');
  if (raw === undefined || raw.trim() === '') return [];
  const list = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (list.length > MAX_ADDRESSES)
    throw new InvalidParameterValue(`Lookup takes at most ${MAX_ADDRESSES} MAC addresses; ${list.length} were given.`);
  // Ironic skips what is not a MAC (IPA reports every interface, InfiniBand ones too) rather than failing the lookup.
  const macs: string[] = [];
  for (const a of list) {
    try {
      macs.push(normaliseMac(a));
    } catch {
      /* not a MAC: skipped */
    }
  }
  return [...new Set(macs)];
}

function parseNodeUuid(req: Request): string | undefined {
  const uuid = queryString(req, 'node_uuid');
  if (uuid === undefined || uuid === '') return undefined;
  if (!UUID_RE.test(uuid)) throw new InvalidParameterValue(`Query parameter "node_uuid" must be a UUID, got ${JSON.stringify(uuid)}.`);
  return uuid.toLowerCase();
}

/** The addresses as the caller sent them, bounded so that the log line cannot grow with the request. */
function clipped(raw: unknown): string {
  if (raw === undefined) return '';
  return (typeof raw === 'string' ? raw : JSON.stringify(raw)).slice(0, 400);
}

export function agentLookupRouter({ conductor, log, metrics }: ApiDeps): Router {
  const router = Router();
  router.get(
    ['/v1/lookup', '/v1/lookup/'],
    audited(
      agentApiLogger(log),
      'lookup',
      (req) => ({ addresses: clipped(req.query.addresses), node_uuid: req.query.node_uuid }),
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
            properties: maskSecrets(node.properties),
            instance_info: maskInstanceInfo(node.instance_info),
          },
          config: lookupConfig(heartbeatTimeout, token ?? MASK),
        });
      },
      metrics?.agent,
    ),
  );
  return router;
}
