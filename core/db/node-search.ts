// The console's node search: equality filters, every-trait filter, a prefix search over name,
// UUID and port MAC, any sort key with ties broken by id, offset paging and the total. Every
// condition is one an index serves (equality, range, EXISTS on a primary key), never %substring%.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect.js';
import { loosen, type LooseDatabase, type LooseSelect } from './loose-db.js';
import { nodeCodec } from './node-codec.js';
import type { Database } from './schema.js';
import { startsWith } from './text-prefix.js';
import { withAllTraits } from './trait-filter.js';
import type { Node } from './types.js';

export const NODE_SEARCH_EQUALITY = ['provision_state', 'power_state', 'driver', 'resource_class', 'conductor_group', 'owner'] as const;
export type NodeSearchEquality = (typeof NODE_SEARCH_EQUALITY)[number];

export interface NodeSearch {
  equals: Partial<Record<NodeSearchEquality, string>>;
  maintenance?: boolean;
  /** The node carries all of them. */
  traits: readonly string[];
  /** A prefix of the name (as typed), of the UUID, or of a port's MAC (any case, colons optional). */
  q?: string;
  /** A nodes column. */
  sort: string;
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const HEX_UUID_PREFIX = /^[0-9a-f-]+$/;

/**
 * The stored form (lower case, colon-separated octets) of what may be the start of a MAC:
 * "AA:BB:C", "aabbc" and "aa-bb-c" all give "aa:bb:c"; undefined when it cannot be one.
 */
export function macPrefix(q: string): string | undefined {
  const hex = q.toLowerCase().replace(/[:.-]/g, '');
  if (!/^[0-9a-f]{1,40}$/.test(hex)) return undefined;
  return hex.match(/.{1,2}/g)!.join(':');
}

export class NodeSearchRepo {
  private readonly db: Kysely<LooseDatabase>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {
    this.db = loosen(db);
  }

  async search(s: NodeSearch): Promise<{ nodes: Node[]; total: number }> {
    const filtered = (q: LooseSelect) => this.filter(q, s);
    const countRow = await filtered(
      this.db.selectFrom('nodes').select((eb) => eb.fn.countAll<number | string>().as('n')),
    ).executeTakeFirstOrThrow();
    const total = Number(countRow.n);
    if (total === 0 || s.offset >= total) return { nodes: [], total };
    // NULLs last either way (the dialects disagree by default); both dialects accept NULLS LAST.
    const rows = await filtered(this.db.selectFrom('nodes').selectAll())
      .orderBy(sql`${sql.ref(`nodes.${s.sort}`)} ${sql.raw(s.dir)} nulls last`)
      .orderBy('nodes.id', s.dir)
      .limit(s.limit)
      .offset(s.offset)
      .execute();
    return { nodes: rows.map((r) => nodeCodec.decode(r as never)), total };
  }

  private filter(query: LooseSelect, s: NodeSearch): LooseSelect {
    let q = query;
    for (const key of NODE_SEARCH_EQUALITY) {
      const value = s.equals[key];
      if (value !== undefined) q = q.where(`nodes.${key}`, '=', value);
    }
    if (s.maintenance !== undefined) q = q.where('nodes.maintenance', '=', s.maintenance ? 1 : 0);
    q = withAllTraits(q, s.traits);
    if (s.q) q = q.where(this.matches(s.q));
    return q;
  }

  /** name, UUID or port MAC starts with `text`: an OR of index ranges. */
  private matches(text: string) {
    const terms = [startsWith('nodes.name', text, this.dialect)];
    const lower = text.toLowerCase();
    if (HEX_UUID_PREFIX.test(lower)) terms.push(startsWith('nodes.uuid', lower, this.dialect));
    const mac = macPrefix(text);
    if (mac) {
      const byPort = this.db
        .selectFrom('ports')
        .select('ports.node_id')
        .where(startsWith('ports.address', mac, this.dialect));
      terms.push(sql<boolean>`${sql.ref('nodes.id')} in (${byPort})`);
    }
    return sql<boolean>`(${sql.join(terms, sql` or `)})`;
  }
}
