// A node's hardware-operation records: GET /v1/nodes/{id}/bios (API 1.40; registry attributes
// from 1.74 with ?detail=true, and always on a single setting), GET /v1/nodes/{id}/firmware
// (Ironic's 1.86: for Ironic clients only once Tyr speaks 1.86; Tyr's clients opt in), and
// PUT /v1/nodes/{id}/states/raid (1.12), checked against Ironic's target_raid_config schema.
import { Router } from 'express';
import { InvalidParameterValue, NotFound } from '../../errors.js';
import type { BiosSettingRecord } from '../../db/hardware-ops.js';
import type { JsonObject, Node } from '../../db/types.js';
import { checkRaidConfig } from '../../drivers/raid-config.js';
import type { ApiDeps } from '../deps.js';
import { links } from '../links.js';
import { minorOf, requireEndpointVersion, requireNewerEndpoint, requireVersion } from '../microversion.js';
import { parseFields, queryBool } from '../query.js';
import { findNode } from './node-lookup.js';

const BIOS_MINOR = 40;
const BIOS_REGISTRY_MINOR = 74;
const RAID_MINOR = 12;
const FIRMWARE_MINOR = 86;
/** Registry fields as Ironic names them in the API (Tyr stores allowable values as allowed_values). */
const REGISTRY_FIELDS = [
  'attribute_type',
  'allowable_values',
  'lower_bound',
  'max_length',
  'min_length',
  'read_only',
  'reset_required',
  'unique',
  'upper_bound',
] as const;
const STORED_AS: Record<string, string> = { allowable_values: 'allowed_values' };

function biosView(req: Parameters<typeof links>[0], node: Node, s: BiosSettingRecord, registry: boolean) {
  const base: Record<string, unknown> = {
    name: s.name,
    value: s.value,
    created_at: s.created_at ?? null,
    updated_at: s.updated_at ?? null,
    links: links(req, `nodes/${node.uuid}/bios/${encodeURIComponent(s.name)}`),
  };
  if (registry) for (const f of REGISTRY_FIELDS) base[f] = s[(STORED_AS[f] ?? f) as keyof BiosSettingRecord] ?? null;
  return base;
}

function pick(view: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in view).map((f) => [f, view[f]]));
}

export function nodeHardwareOpsRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/nodes/:ident/bios', async (req, res) => {
    requireEndpointVersion(req, BIOS_MINOR, 'BIOS settings');
    const node = await findNode(req, store, req.params.ident);
    const detail = queryBool(req, 'detail');
    if (detail !== undefined) requireVersion(req, BIOS_REGISTRY_MINOR, 'The "detail" parameter');
    const registry = detail === true;
    const fields = parseFields(req, [
      'name',
      'value',
      'created_at',
      'updated_at',
      ...(minorOf(req) >= BIOS_REGISTRY_MINOR ? REGISTRY_FIELDS : []),
    ]);
    if (fields && registry) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
    const settings = (await store.bios.list(node.id)).map((s) =>
      biosView(req, node, s, registry || (fields?.some((f) => (REGISTRY_FIELDS as readonly string[]).includes(f)) ?? false)),
    );
    res.json({ bios: fields ? settings.map((v) => pick(v, [...fields, 'links'])) : settings });
  });

  router.get('/v1/nodes/:ident/bios/:name', async (req, res) => {
    requireEndpointVersion(req, BIOS_MINOR, 'BIOS settings');
    const node = await findNode(req, store, req.params.ident);
    const setting = (await store.bios.list(node.id)).find((s) => s.name === req.params.name);
    if (!setting)
      throw new NotFound(
        `Node ${node.uuid} has no BIOS setting ${req.params.name}. Settings are read by a bios clean step (apply_configuration or factory_reset).`,
      );
    res.json({ [setting.name]: biosView(req, node, setting, minorOf(req) >= BIOS_REGISTRY_MINOR) });
  });

  router.get('/v1/nodes/:ident/firmware', async (req, res) => {
    requireNewerEndpoint(req, FIRMWARE_MINOR, 'Firmware components');
    const node = await findNode(req, store, req.params.ident);
    res.json({ firmware: await store.firmware.list(node.id) });
  });

  router.put('/v1/nodes/:ident/states/raid', async (req, res) => {
    requireVersion(req, RAID_MINOR, 'The RAID configuration endpoint');
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
