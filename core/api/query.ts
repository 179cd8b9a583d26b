// Query-string parsing shared by every list endpoint: single-valued parameters, booleans,
// `fields`, and the pagination parameters with Ironic's `next` link.
import type { Request } from 'express';
import { parseBoolean } from '../bool.js';
import { InvalidParameterValue } from '../errors.js';
import type { PageRequest } from '../db/paginate.js';
import { requireVersion } from './microversion.js';
import { baseUrl } from './root.js';

/** A single-valued query parameter; repeating it is an error rather than a silent pick. */
export function queryString(req: Request, key: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InvalidParameterValue(`Query parameter "${key}" was given more than once.`);
  return v;
}

export function queryBool(req: Request, key: string): boolean | undefined {
  const v = queryString(req, key);
  if (v === undefined) return undefined;
  const b = parseBoolean(v);
  if (b !== undefined) return b;
  throw new InvalidParameterValue(`Query parameter "${key}" must be a boolean (true or false), got "${v}".`);
}

/** A filter introduced in API 1.`since`: using it with an older version is refused, as Ironic does. */
export function versionedFilter(req: Request, key: string, since: number): string | undefined {
  const v = queryString(req, key);
  if (v !== undefined) requireVersion(req, since, `The "${key}" filter`);
  return v;
}

/** `?fields=a,b`: checked against the fields the resource shows at this version. */
export function parseFields(req: Request, allowed: readonly string[]): string[] | undefined {
  const raw = queryString(req, 'fields');
  if (raw === undefined) return undefined;
  requireVersion(req, 8, 'The "fields" parameter');
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = fields.filter((f) => !allowed.includes(f));
  if (bad.length) throw new InvalidParameterValue(`Field(s) "${bad.join(', ')}" are not valid. Valid fields: ${allowed.join(', ')}.`);
  return fields;
}

export function parsePage(req: Request, maxLimit: number): PageRequest {
  const rawLimit = queryString(req, 'limit');
  let limit = maxLimit;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit.trim()) || Number(rawLimit) <= 0) {
      throw new InvalidParameterValue(`Limit must be a positive integer, got "${rawLimit}".`);
    }
    limit = Math.min(Number(rawLimit), maxLimit);
  }
  const sortDir = queryString(req, 'sort_dir')?.toLowerCase();
  if (sortDir !== undefined && sortDir !== 'asc' && sortDir !== 'desc') {
    throw new InvalidParameterValue(`Invalid sort direction: "${sortDir}". Acceptable values are 'asc' or 'desc'.`);
  }
  return { limit, marker: queryString(req, 'marker'), sortKey: queryString(req, 'sort_key'), sortDir: sortDir };
}

/**
 * Wraps a page of items as Ironic does: `{<name>: [...], next?: url}`. The `next` link repeats
 * the request's query with the last item as marker, and appears only when the page is full.
 */
export function collection<T extends { uuid: string }>(
  req: Request,
  name: string,
  resourcePath: string,
  rows: T[],
  page: PageRequest,
  view: (row: T) => Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { [name]: rows.map(view) };
  if (rows.length > 0 && rows.length === page.limit) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (k !== 'limit' && k !== 'marker' && typeof v === 'string') params.set(k, v);
    params.set('limit', String(page.limit));
    params.set('marker', rows.at(-1)!.uuid);
    out.next = `${baseUrl(req)}/v1/${resourcePath}?${params.toString()}`;
  }
  return out;
}
