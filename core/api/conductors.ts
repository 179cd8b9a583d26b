// /v1/conductors (API 1.49+): the registered conductors, whether each is alive, and the hardware
// types each serves.
import { Router, type Request } from 'express';
import { NotFound } from '../errors.js';
import { isAlive } from '../db/conductors.js';
import type { Conductor } from '../db/types.js';
import type { ApiDeps } from './deps.js';
import { links } from './links.js';
import { requireEndpointVersion } from './microversion.js';
import { parseFields, parsePage, queryBool } from './query.js';

const ALL_FIELDS = ['hostname', 'conductor_group', 'alive', 'drivers', 'created_at', 'updated_at'];
const LIST_FIELDS = ['hostname', 'conductor_group', 'alive'];

export function conductorsRouter({ store, config }: ApiDeps): Router {
  const router = Router();
  router.use('/v1/conductors', (req, _res, next) => {
    requireEndpointVersion(req, 49, 'The /v1/conductors endpoint');
    next();
  });

  function view(req: Request, c: Conductor, fields: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      hostname: c.hostname,
      conductor_group: c.conductor_group,
      alive: isAlive(c, config.conductor.heartbeat_timeout),
      drivers: c.hardware_types,
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f] = all[f];
    out.links = links(req, `conductors/${c.hostname}`);
    return out;
  }

  router.get('/v1/conductors', async (req, res) => {
    const requested = parseFields(req, ALL_FIELDS);
    const detail = queryBool(req, 'detail') ?? false;
    const page = parsePage(req, config.api.max_limit);
    // A deployment has a handful of conductors: they page by hostname in memory.
    let rows = await store.conductors.list();
    if (page.marker !== undefined) rows = rows.filter((c) => c.hostname > page.marker!);
    rows = rows.slice(0, page.limit);
    const fields = requested ?? (detail ? ALL_FIELDS : LIST_FIELDS);
    const out: Record<string, unknown> = { conductors: rows.map((c) => view(req, c, fields)) };
    if (rows.length === page.limit && rows.length > 0) {
      out.next = `${links(req, 'conductors')[0]!.href}?limit=${page.limit}&marker=${encodeURIComponent(rows.at(-1)!.hostname)}`;
    }
    res.json(out);
  });
  router.get('/v1/conductors/:hostname', async (req, res) => {
    const c = await store.conductors.findByHostname(req.params.hostname);
    if (!c) throw new NotFound(`Conductor ${req.params.hostname} could not be found.`);
    res.json(view(req, c, parseFields(req, ALL_FIELDS) ?? ALL_FIELDS));
  });
  return router;
}
