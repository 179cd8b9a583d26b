// GET /ui/api/nodes' query string (protocol/web-ui.ts NodeSearchQuery) checked into a NodeSearch:
// anything unknown or out of range is a 400 that names the parameter and what it accepts.
import type { Request } from 'express';
import { NODE_SEARCH_SORT_KEYS, type NodeSearchSortKey } from '../../protocol/web-ui.js';
import { NODE_SEARCH_EQUALITY, type NodeSearch } from '../db/node-search.js';
import { InvalidParameterValue } from '../errors.js';

export const SEARCH_DEFAULT_LIMIT = 50;
export const SEARCH_MAX_LIMIT = 500;
const OTHER_PARAMS = ['maintenance', 'trait', 'q', 'sort', 'dir', 'limit', 'offset'] as const;
const KNOWN = new Set<string>([...NODE_SEARCH_EQUALITY, ...OTHER_PARAMS]);

const bad = (message: string) => new InvalidParameterValue(message);

/** The one value of a parameter that may appear once. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`The "${name}" parameter may be given only once.`);
  return v;
}

function integer(req: Request, name: string, min: number, max: number, fallback: number): number {
  const raw = single(req, name);
  if (raw === undefined) return fallback;
  const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw bad(`The "${name}" parameter must be an integer ${range}, not ${JSON.stringify(raw)}.`);
  }
  return n;
}

function oneOf<T extends string>(req: Request, name: string, allowed: readonly T[], fallback: T): T {
  const raw = single(req, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw bad(`The "${name}" parameter must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}.`);
  }
  return raw as T;
}

export function parseNodeSearch(req: Request): NodeSearch {
  const unknown = Object.keys(req.query).filter((k) => !KNOWN.has(k));
  if (unknown.length) {
    throw bad(`Unknown parameter ${unknown.map((k) => JSON.stringify(k)).join(', ')}; GET /ui/api/nodes accepts ${[...KNOWN].join(', ')}.`);
  }
  const equals: NodeSearch['equals'] = {};
  for (const key of NODE_SEARCH_EQUALITY) {
    const v = single(req, key);
    if (v !== undefined) equals[key] = v;
  }
  const maintenance = single(req, 'maintenance');
  if (maintenance !== undefined && maintenance !== 'true' && maintenance !== 'false') {
    throw bad(`The "maintenance" parameter must be true or false, not ${JSON.stringify(maintenance)}.`);
  }
  const trait = req.query.trait;
  const traits = trait === undefined ? [] : typeof trait === 'string' ? [trait] : (trait as string[]);
  if (traits.some((t) => typeof t !== 'string' || t === '')) throw bad('The "trait" parameter must name a trait each time it is given.');
  const q = single(req, 'q')?.trim();
  return {
    equals,
    maintenance: maintenance === undefined ? undefined : maintenance === 'true',
    traits,
    q: q || undefined,
    sort: oneOf<NodeSearchSortKey>(req, 'sort', NODE_SEARCH_SORT_KEYS, 'name'),
    dir: oneOf(req, 'dir', ['asc', 'desc'], 'asc'),
    limit: integer(req, 'limit', 1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT),
    offset: integer(req, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
  };
}
