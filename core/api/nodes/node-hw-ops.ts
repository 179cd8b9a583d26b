// A node's hardware-operation records: GET /v1/nodes/{id}/bios (API 1.40; registry attributes
// from 1.74 with ?detail=true, and always on a single setting), GET /v1/nodes/{id}/firmware
// (Ironic's 1.86, served from Tyr's highest version until Tyr speaks 1.86), and
// PUT /v1/nodes/{id}/states/raid (1.12), checked against Ironic's target_raid_config schema.
import { Router } from 'express';
import { NotFound } from '../../errors.js';
import type { BiosSettingRecord } from '../../db/hardware-ops.js';
import type { JsonObject, Node } from '../../db/types.js';
import { checkRaidConfig } from '../../drivers/raid-config.js';
import type { ApiDeps } from '../deps.js';
import { links } from '../links.js';
import { MAX_VERSION, minorOf, requireEndpointVersion } from '../microversion.js';
import { queryBool } from '../query.js';
import { findNode } from './node-lookup.js';

const BIOS_MINOR = 40;
const BIOS_REGISTRY_MINOR = 74;
const RAID_MINOR = 12;
export const FIRMWARE_MINOR = Math.min(86, MAX_VERSION.minor);
const REGISTRY_FIELDS = ['attribute_type', 'allowed_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required', 'unique', 'upper_bound'] as const;

function biosView(req: Parameters<typeof links>[0], node: Node, s: BiosSettingRecord, registry: boolean) {
  const base: Record<string, unknown> = {
    name: s.name, value: s.value, created_at: s.created_at ?? null, updated_at: s.updated_at ?? null,
    links: links(req, `nodes/${node.uuid}/bios/${encodeURIComponent(s.name)}`),
  };
  if (registry) for (const f of REGISTRY_FIELDS) base[f] = (s as unknown as Record<string, unknown>)[f] ?? null;
  return base;
}

export function nodeHardwareOpsRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/nodes/:ident/bios', async (req, res) => {
    requireEndpointVersion(req, BIOS_MINOR, 'BIOS settings');
    const node = await findNode(req, store, req.params.ident);
    const registry = minorOf(req) >= BIOS_REGISTRY_MINOR && queryBool(req, 'detail') === true;
    res.json({ bios: (await store.bios.list(node.id)).map((s) => biosView(req, node, s, registry)) });
  });

  router.get('/v1/nodes/:ident/bios/:name', async (req, res) => {
    requireEndpointVersion(req, BIOS_MINOR, 'BIOS settings');
    const node = await findNode(req, store, req.params.ident);
    const setting = (await store.bios.list(node.id)).find((s) => s.name === req.params.name);
    if (!setting) throw new NotFound(`Node ${node.uuid} has no BIOS setting ${req.params.name}. Settings are read by a bios clean step (apply_configuration or factory_reset).`);
    res.json({ [setting.name]: biosView(req, node, setting, minorOf(req) >= BIOS_REGISTRY_MINOR) });
  });

  router.get('/v1/nodes/:ident/firmware', async (req, res) => {
    requireEndpointVersion(req, FIRMWARE_MINOR, 'Firmware components');
    const node = await findNode(req, store, req.params.ident);
    res.json({ firmware: await store.firmware.list(node.id) });
  });

  router.put('/v1/nodes/:ident/states/raid', async (req, res) => {
    requireEndpointVersion(req, RAID_MINOR, 'The RAID configuration endpoint');
    const body = req.body as JsonObject;
    // An empty object clears the target, as in Ironic.
    const empty = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0;
    if (!empty) checkRaidConfig(body);
    const node = await findNode(req, store, req.params.ident);
    await conductor.updateNode(node.uuid, { target_raid_config: empty ? {} : body });
    res.status(204).end();
  });

  return router;
}
