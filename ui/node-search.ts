// The node list's view (filters, sort, page) lives in the hash query, so a filtered view is a
// link: these convert between that query and GET /ui/api/nodes' NodeSearchQuery.
import { NODE_SEARCH_SORT_KEYS, type NodeSearchQuery, type NodeSearchSortKey } from '../protocol/web-ui.js';
import { queryString } from './api.js';

export const PAGE_SIZES = [25, 50, 100, 250, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;

export const TEXT_FILTERS = ['driver', 'resource_class', 'conductor_group', 'owner'] as const;

function isSortKey(s: string | null): s is NodeSearchSortKey {
  return s !== null && (NODE_SEARCH_SORT_KEYS as readonly string[]).includes(s);
}

function nonNegativeInt(s: string | null, fallback: number): number {
  const n = Number(s);
  return s !== null && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function searchFromQuery(q: URLSearchParams): NodeSearchQuery {
  const text = (k: string) => q.get(k)?.trim() || undefined;
  const maintenance = q.get('maintenance');
  const sort = q.get('sort');
  const traits = q.getAll('trait').filter(Boolean);
  return {
    provision_state: text('provision_state'),
    power_state: text('power_state'),
    driver: text('driver'),
    resource_class: text('resource_class'),
    conductor_group: text('conductor_group'),
    owner: text('owner'),
    maintenance: maintenance === 'true' ? true : maintenance === 'false' ? false : undefined,
    trait: traits.length ? traits : undefined,
    q: text('q'),
    sort: isSortKey(sort) ? sort : undefined,
    dir: q.get('dir') === 'desc' ? 'desc' : q.get('dir') === 'asc' ? 'asc' : undefined,
    limit: Math.min(500, Math.max(1, nonNegativeInt(q.get('limit'), DEFAULT_PAGE_SIZE))),
    offset: nonNegativeInt(q.get('offset'), 0),
  };
}

/** "?provision_state=…&…" for both the hash route and the API call (same parameter names). */
export function searchToQueryString(s: NodeSearchQuery): string {
  return queryString({
    ...s,
    limit: s.limit === DEFAULT_PAGE_SIZE ? undefined : s.limit,
    offset: s.offset ? s.offset : undefined,
  });
}

/** The API call's query: every field, the defaults too. */
export function searchApiPath(s: NodeSearchQuery): string {
  return `/ui/api/nodes${queryString({ ...s })}`;
}

export function nodeListHash(s: NodeSearchQuery): string {
  return `#/nodes${searchToQueryString(s)}`;
}
