// The CRUD shape ports, portgroups and chassis share: list (+ /detail, fields, pagination), show,
// create, JSON-Patch update and delete. Each resource supplies its fields, view and conversions;
// this file holds the HTTP plumbing once.
import { Router, type Request } from 'express';
import type { PageRequest } from '../db/paginate.js';
import { InvalidParameterValue } from '../errors.js';
import { checkFields, parseBody, type BodySchema } from './body.js';
import { links } from './links.js';
import { minorOf, requireEndpointVersion } from './microversion.js';
import { applyJsonPatch } from './patch.js';
import { collection, parseFields, parsePage } from './query.js';
import { baseUrl } from './root.js';

export interface ResourceSpec<Row extends { uuid: string; id: number }> {
  /** Collection key and URL segment: "ports". */
  plural: string;
  /** Noun for messages: "port". */
  noun: string;
  /** API fields and the minor version that introduced each. */
  fieldSince: Record<string, number>;
  /** Fields of the short list. */
  listFields: readonly string[];
  /** Minor version the whole resource needs (portgroups: 23). */
  since?: number;
  writable: BodySchema;
  readOnly: ReadonlySet<string>;
  /** Attributes a create must carry. */
  required: readonly string[];
  get(req: Request, ident: string): Promise<Row>;
  list(req: Request, page: PageRequest): Promise<Row[]>;
  /** The API fields of a row (all of them, unfiltered; secrets not special here). */
  represent(req: Request, rows: Row[]): Promise<(row: Row) => Record<string, unknown>>;
  /** Turns API fields into stored columns, checking them (MAC format, referenced node...). */
  toColumns(req: Request, fields: Record<string, unknown>, existing?: Row): Promise<Record<string, unknown>>;
  create(columns: Record<string, unknown>): Promise<Row>;
  update(row: Row, columns: Record<string, unknown>): Promise<Row>;
  remove(row: Row): Promise<void>;
}

export function fieldsAt(spec: { fieldSince: Record<string, number> }, minor: number): string[] {
  return Object.keys(spec.fieldSince).filter((f) => spec.fieldSince[f] <= minor);
}

/** Renders rows with only `fields` plus links. */
export async function renderer<Row extends { uuid: string; id: number }>(spec: ResourceSpec<Row>, req: Request, rows: Row[], fields: readonly string[]) {
  const represent = await spec.represent(req, rows);
  return (row: Row) => {
    const all = represent(row);
    const out: Record<string, unknown> = {};
    for (const f of fields) if (f in all) out[f] = all[f];
    out.links = links(req, `${spec.plural}/${row.uuid}`);
    return out;
  };
}

/** GET handler body for a list, also used by /v1/nodes/{node}/ports and /chassis/{id}/nodes-style routes. */
export async function listResponse<Row extends { uuid: string; id: number }>(spec: ResourceSpec<Row>, req: Request,
  maxLimit: number, detail: boolean, resourcePath: string) {
  const minor = minorOf(req);
  const known = fieldsAt(spec, minor);
  const requested = parseFields(req, known);
  const page = parsePage(req, maxLimit);
  const rows = await spec.list(req, page);
  const fields = requested ?? (detail ? known : spec.listFields.filter((f) => known.includes(f)));
  return collection(req, spec.plural, resourcePath, rows, page, await renderer(spec, req, rows, fields));
}

export function resourceRouter<Row extends { uuid: string; id: number }>(spec: ResourceSpec<Row>, maxLimit: number): Router {
  const router = Router();
  const base = `/v1/${spec.plural}`;
  if (spec.since !== undefined) {
    const since = spec.since;
    router.use(base, (req, _res, next) => { requireEndpointVersion(req, since, `The /v1/${spec.plural} endpoint`); next(); });
  }

  router.get(base, async (req, res) => { res.json(await listResponse(spec, req, maxLimit, false, spec.plural)); });
  router.get(`${base}/detail`, async (req, res) => { res.json(await listResponse(spec, req, maxLimit, true, `${spec.plural}/detail`)); });

  router.get(`${base}/:ident`, async (req, res) => {
    const row = await spec.get(req, req.params.ident);
    const known = fieldsAt(spec, minorOf(req));
    res.json((await renderer(spec, req, [row], parseFields(req, known) ?? known))(row));
  });

  router.post(base, async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody(req.body, spec.writable, `a ${spec.noun}`, minor);
    for (const key of spec.required) {
      if (body[key] === undefined || body[key] === null) throw new InvalidParameterValue(`A ${spec.noun} needs "${key}".`);
    }
    const row = await spec.create(await spec.toColumns(req, body));
    res.status(201).location(`${baseUrl(req)}${base}/${row.uuid}`);
    res.json((await renderer(spec, req, [row], fieldsAt(spec, minor)))(row));
  });

  router.patch(`${base}/:ident`, async (req, res) => {
    const minor = minorOf(req);
    const row = await spec.get(req, req.params.ident);
    const known = fieldsAt(spec, minor);
    const doc = (await renderer(spec, req, [row], known))(row);
    delete doc.links;
    const changed = applyJsonPatch(doc, req.body, { what: spec.noun, readOnly: spec.readOnly, mandatory: new Set(spec.required) });
    const columns = await spec.toColumns(req, checkFields(changed, spec.writable), row);
    const updated = Object.keys(columns).length ? await spec.update(row, columns) : row;
    res.json((await renderer(spec, req, [updated], known))(updated));
  });

  router.delete(`${base}/:ident`, async (req, res) => {
    await spec.remove(await spec.get(req, req.params.ident));
    res.status(204).end();
  });

  return router;
}
