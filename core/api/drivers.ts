// /v1/drivers: the hardware types this deployment offers, the conductors that serve each, and
// (from 1.30) their default and enabled interface implementations.
import { Router, type Request } from 'express';
import { InvalidParameterValue, NotFound, UnsupportedDriverExtension } from '../errors.js';
import type { ConductorApi } from '../conductor/conductor-api.js';
import type { HardwareTypeInfo } from '../drivers/hardware-types.js';
import { isAlive } from '../db/conductors.js';
import type { ApiDeps } from './deps.js';
import { links } from './links.js';
import { minorOf, requireEndpointVersion, requireVersion } from './microversion.js';
import { parseFields, queryBool, queryString } from './query.js';

/** Interface kinds in driver details, with the version each appeared in (as node fields). */
const KIND_SINCE: Record<string, number> = {
  boot: 30,
  console: 30,
  deploy: 30,
  inspect: 30,
  management: 30,
  network: 30,
  power: 30,
  raid: 30,
  vendor: 30,
  storage: 33,
  rescue: 38,
  bios: 40,
};

/** The enabled hardware type `name`, or Ironic's 404. */
export async function findDriver(conductor: ConductorApi, name: string): Promise<HardwareTypeInfo> {
  const hw = (await conductor.hardwareTypes()).find((h) => h.name === name);
  if (!hw) throw new NotFound(`Could not find the following driver(s) or hardware type(s): ${name}.`);
  return hw;
}

export function driversRouter({ conductor, store, config }: ApiDeps): Router {
  const router = Router();

  async function hostsByType(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const c of await store.conductors.list()) {
      if (!isAlive(c, config.conductor.heartbeat_timeout)) continue;
      for (const t of c.hardware_types) out.set(t, [...(out.get(t) ?? []), c.hostname]);
    }
    return out;
  }

  function view(req: Request, hw: HardwareTypeInfo, hosts: string[], detail: boolean): Record<string, unknown> {
    const minor = minorOf(req);
    const out: Record<string, unknown> = { name: hw.name, hosts };
    if (minor >= 30) out.type = 'dynamic';
    if (detail && minor >= 30) {
      for (const [kind, since] of Object.entries(KIND_SINCE)) {
        if (minor < since) continue;
        const impls = hw.interfaces[kind] ?? [];
        out[`default_${kind}_interface`] = impls[0] ?? null;
        out[`enabled_${kind}_interfaces`] = impls.length ? impls : null;
      }
    }
    out.links = links(req, `drivers/${hw.name}`);
    if (minor >= 14) out.properties = links(req, `drivers/${hw.name}/properties`);
    return out;
  }

  /** `?fields=` (1.77): the named fields of each driver, as the detailed view has them. */
  function fieldsOf(req: Request): string[] | undefined {
    if (queryString(req, 'fields') === undefined) return undefined;
    requireVersion(req, 77, 'The "fields" parameter on drivers');
    const known = [
      'name',
      'hosts',
      'type',
      'links',
      'properties',
      ...Object.keys(KIND_SINCE)
        .filter((k) => KIND_SINCE[k]! <= minorOf(req))
        .flatMap((k) => [`default_${k}_interface`, `enabled_${k}_interfaces`]),
    ];
    return parseFields(req, known);
  }

  function pick(view: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
    return fields ? Object.fromEntries(fields.map((f) => [f, view[f] ?? null])) : view;
  }

  const find = (name: string) => findDriver(conductor, name);

  router.get('/v1/drivers', async (req, res) => {
    const type = queryString(req, 'type');
    if (type !== undefined && type !== 'classic' && type !== 'dynamic') {
      throw new InvalidParameterValue(`Invalid driver type "${type}": use "classic" or "dynamic".`);
    }
    const fields = fieldsOf(req);
    const detail = queryBool(req, 'detail') ?? false;
    if (fields && detail) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
    const hosts = await hostsByType();
    const types = type === 'classic' ? [] : await conductor.hardwareTypes();
    res.json({ drivers: types.map((hw) => pick(view(req, hw, hosts.get(hw.name) ?? [], detail || fields !== undefined), fields)) });
  });
  router.get('/v1/drivers/:name', async (req, res) => {
    const hw = await find(req.params.name);
    res.json(pick(view(req, hw, (await hostsByType()).get(hw.name) ?? [], true), fieldsOf(req)));
  });
  router.get('/v1/drivers/:name/properties', async (req, res) => {
    res.json((await find(req.params.name)).properties);
  });
  router.get('/v1/drivers/:name/raid/logical_disk_properties', async (req, res) => {
    requireEndpointVersion(req, 12, 'The /v1/drivers/{driver}/raid/logical_disk_properties endpoint');
    const hw = await find(req.params.name);
    try {
      res.json(await conductor.raidLogicalDiskProperties(hw.name));
    } catch (err) {
      // RAID is a standard interface that a driver may lack: Ironic answers 404, not 400.
      if (err instanceof UnsupportedDriverExtension) throw new NotFound(err.message);
      throw err;
    }
  });
  return router;
}
