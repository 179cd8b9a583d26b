// Keyset pagination shared by every list query: ORDER BY <sort key>, id and a WHERE that starts
// after the marker row, so a page costs the same at offset 0 and at offset 9,000.
import type { Expression, ExpressionBuilder } from 'kysely';
import { InvalidParameterValue, NotFound } from '../errors.js';
import type { LooseDatabase, LooseRow, LooseSelect } from './loose-db.js';

export interface PageRequest {
  limit: number;
  /** UUID of the last item of the previous page. */
  marker?: string;
  sortKey?: string;
  sortDir?: 'asc' | 'desc';
}

export interface SortableTable {
  table: string;
  /** Columns a caller may sort by. Nullable string columns sort as '' so both dialects agree. */
  sortKeys: readonly string[];
  nullableSortKeys: readonly string[];
  /** What the API calls the table's items, for error messages. */
  noun: string;
}

function sortExpr(spec: SortableTable, key: string, eb: ExpressionBuilder<LooseDatabase, string>): Expression<unknown> {
  const column = eb.ref(`${spec.table}.${key}`);
  return spec.nullableSortKeys.includes(key) ? eb.fn.coalesce(column, eb.val('')) : column;
}

export async function paginate(
  query: LooseSelect,
  spec: SortableTable,
  page: PageRequest,
  findMarker: (uuid: string) => Promise<LooseRow | undefined>,
): Promise<LooseSelect> {
  const key = page.sortKey ?? 'id';
  const dir = page.sortDir ?? 'asc';
  if (!spec.sortKeys.includes(key)) {
    throw new InvalidParameterValue(
      `The sort_key value "${key}" is an invalid field for sorting. Valid keys: ${spec.sortKeys.join(', ')}.`,
    );
  }
  let q = query;
  if (page.marker !== undefined) {
    const marker = await findMarker(page.marker);
    if (!marker) {
      throw new NotFound(`Marker ${page.marker} not found: pass the uuid of the last ${spec.noun} of the previous page.`);
    }
    const markerValue = spec.nullableSortKeys.includes(key) ? (marker[key] ?? '') : marker[key];
    const op = dir === 'asc' ? '>' : '<';
    q = q.where((eb) =>
      key === 'id'
        ? eb(`${spec.table}.id`, op, marker.id)
        : eb.or([
            eb(sortExpr(spec, key, eb), op, markerValue),
            eb.and([eb(sortExpr(spec, key, eb), '=', markerValue), eb(`${spec.table}.id`, op, marker.id)]),
          ]),
    );
  }
  if (key !== 'id') q = q.orderBy((eb) => sortExpr(spec, key, eb), dir);
  return q.orderBy(`${spec.table}.id`, dir).limit(page.limit);
}
