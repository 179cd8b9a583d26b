// The CRUD shape ports, portgroups, chassis, volume connectors/targets and deploy templates share:
// list (+ /detail or ?detail=true, fields, pagination), show, create, JSON-Patch update and delete. Each resource supplies its fields, view and conversions;
// this file holds the HTTP plumbing once.
import { Router, type Request } from 'express';
import type { PageRequest } from '../db/paginate.js';
import { InvalidParameterValue } from '../errors.js';
import { checkFields, parseBody, uuidField, type BodySchema } from './body.js';
import { links } from './links.js';
import { minorOf, requireEndpointVersion, requireVersion } from './microversion.js';
import { applyJsonPatch } from './patch.js';
import { collection, parseFields, parsePage, queryBool, queryString } from './query.js';
import { baseUrl } from './root.js';

export interface ResourceSpec<Row extends { uuid: string; id: number }> {
  /** Collection key, and URL segment unless `path` says otherwise: "ports". */
  plural: string;
  /** URL path under /v1 when it is not `plural`: "volume/connectors". */
  path?: string;
  /**
   * How a list asks for every field: a /detail sub-path (the default), or, for resources that
   * have none (volume, deploy templates), `?detail=true`.
   */
  detail?: 'path' | 'query';
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
  /** Masks the secrets of a represented row in responses (a PATCH applies to the unmasked one). */
  conceal?(fields: Record<string, unknown>): Record<string, unknown>;
  /** Turns API fields into stored columns, checking them (MAC format, referenced node...). */
  toColumns(req: Request, fields: Record<string, unknown>, existing?: Row): Promise<Record<string, unknown>>;
  create(columns: Record<string, unknown>): Promise<Row>;
  update(row: Row, columns: Record<string, unknown>): Promise<Row>;
  remove(row: Row): Promise<void>;
}

const pathOf = (spec: { plural: string; path?: string }) => spec.path ?? spec.plural;

export function fieldsAt(spec: { fieldSince: Record<string, number> }, minor: number): string[] {
  return Object.keys(spec.fieldSince).filter((f) => spec.fieldSince[f]! <= minor);
}

/** The rows' `fields`, unmasked and without links. */
async function picker<Row extends { uuid: string; id: number }>(
  spec: ResourceSpec<Row>,
  req: Request,
  rows: Row[],
  fields: readonly string[],
) {
  const represent = await spec.represent(req, rows);
  return (row: Row) => {
    const all = represent(row);
    const out: Record<string, unknown> = {};
    for (const f of fields) if (f in all) out[f] = all[f];
    return out;
  };
}

/** Renders rows with only `fields`, secrets masked, plus links. */
export async function renderer<Row extends { uuid: string; id: number }>(
  spec: ResourceSpec<Row>,
  req: Request,
  rows: Row[],
  fields: readonly string[],
) {
  const pick = await picker(spec, req, rows, fields);
  return (row: Row) => {
    const out = spec.conceal ? spec.conceal(pick(row)) : pick(row);
    return { ...out, links: links(req, `${pathOf(spec)}/${row.uuid}`) };
  };
}

/** `?detail=true`, which excludes `?fields`, as Ironic has it. */
function detailQuery(req: Request, withFields: boolean, plural: string): boolean {
  const detail = queryBool(req, 'detail') ?? false;
  if (detail && withFields) {
    throw new InvalidParameterValue(
      `Can't fetch a subset of fields with 'detail' set: pass either "fields" or "detail=true" when listing ${plural}.`,
    );
  }
  return detail;
}

/** `?detail=true` beside the /detail path (ports, portgroups, chassis): Ironic takes it from 1.43. */
function detailParam(req: Request, onDetailPath: boolean, withFields: boolean, plural: string): boolean {
  if (queryString(req, 'detail') === undefined) return false;
  requireVersion(req, 43, 'The "detail" parameter');
  if (onDetailPath) throw new InvalidParameterValue(`The "detail" parameter is not accepted on /v1/${plural}/detail.`);
  return detailQuery(req, withFields, plural);
}

/** GET handler body for a list, also used by /v1/nodes/{node}/ports and /chassis/{id}/nodes-style routes. */
export async function listResponse<Row extends { uuid: string; id: number }>(
  spec: ResourceSpec<Row>,
  req: Request,
  maxLimit: number,
  detail: boolean,
  resourcePath: string,
) {
  const minor = minorOf(req);
  const known = fieldsAt(spec, minor);
  const requested = parseFields(req, known);
  const everything =
    detail ||
    (spec.detail === 'query' && detailQuery(req, requested !== undefined, spec.plural)) ||
    (spec.detail !== 'query' && detailParam(req, detail, requested !== undefined, spec.plural));
  const page = parsePage(req, maxLimit);
  const rows = await spec.list(req, page);
  const fields = requested ?? (everything ? known : spec.listFields.filter((f) => known.includes(f)));
  return collection(req, spec.plural, resourcePath, rows, page, await renderer(spec, req, rows, fields));
}

export function resourceRouter<Row extends { uuid: string; id: number }>(spec: ResourceSpec<Row>, maxLimit: number): Router {
  const router = Router();
  const base = `/v1/${pathOf(spec)}`;
  if (spec.since !== undefined) {
    const since = spec.since;
    router.use(base, (req, _res, next) => {
      requireEndpointVersion(req, since, `The ${base} endpoint`);
      next();
    });
  }

  router.get(base, async (req, res) => {
    res.json(await listResponse(spec, req, maxLimit, false, pathOf(spec)));
  });
  if (spec.detail !== 'query') {
    router.get(`${base}/detail`, async (req, res) => {
      res.json(await listResponse(spec, req, maxLimit, true, `${pathOf(spec)}/detail`));
    });
  }

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
    if (body.uuid !== undefined) body.uuid = uuidField('uuid', body.uuid, `a ${spec.noun}`);
    const row = await spec.create(await spec.toColumns(req, body));
    res.status(201).location(`${baseUrl(req)}${base}/${row.uuid}`);
    res.json((await renderer(spec, req, [row], fieldsAt(spec, minor)))(row));
  });

  router.patch(`${base}/:ident`, async (req, res) => {
    const minor = minorOf(req);
    const row = await spec.get(req, req.params.ident);
    const known = fieldsAt(spec, minor);
    // The patch applies to the unmasked fields, so secrets it does not touch are kept as stored.
    const doc = (await picker(spec, req, [row], known))(row);
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
