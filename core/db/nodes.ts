// Data access for nodes: the only place that writes SQL against the nodes table.
import { sql, type Kysely } from 'kysely';
import { Conflict, NodeLockLost } from '../errors.js';
import { now } from './codec.js';
import { nodeCodec } from './node-codec.js';
import type { PageRequest, SortableTable } from './paginate.js';
import { likeContains, ResourceRepo, UUID_RE } from './resource-repo.js';
import type { Database } from './schema.js';
import type { Node } from './types.js';
import { withAllTraits } from './trait-filter.js';
import { STATE } from '../states/provision-states.js';

export const NODE_SORT: SortableTable = {
  table: 'nodes',
  noun: 'node',
  sortKeys: [
    'id',
    'uuid',
    'name',
    'created_at',
    'updated_at',
    'provision_state',
    'provision_updated_at',
    'power_state',
    'driver',
    'resource_class',
    'conductor_group',
    'instance_uuid',
    'maintenance',
    'owner',
    'lessee',
  ],
  nullableSortKeys: ['name', 'updated_at', 'provision_updated_at', 'power_state', 'resource_class', 'instance_uuid', 'owner', 'lessee'],
};

export interface NodeFilter {
  provision_state?: string;
  maintenance?: boolean;
  /** true: has an instance; false: has none. */
  associated?: boolean;
  instance_uuid?: string;
  /** Tyr's own filter: the instance's name (instance_info.display_name, which Nova sets). */
  instance_name?: string;
  driver?: string;
  resource_class?: string;
  conductor_group?: string;
  fault?: string;
  owner?: string;
  lessee?: string;
  description_contains?: string;
  chassis_id?: number;
  retired?: boolean;
  shard?: string;
  /** Any of these shards (Ironic's shard=a,b). */
  shards?: string[];
  /** true: nodes with a shard; false: nodes without. */
  sharded?: boolean;
  /** Nodes this project owns or leases (Ironic's `project` filter). */
  project?: string;
  reservation?: string;
  /** Only nodes whose id is greater: batch iteration for periodic tasks. */
  id_after?: number;
  /** Only nodes whose extra.auto_discovered is true (stored JSON, matched textually). */
  auto_discovered?: boolean;
}

const EQUALITY_FILTERS = [
  'provision_state',
  'instance_uuid',
  'driver',
  'resource_class',
  'conductor_group',
  'fault',
  'owner',
  'lessee',
  'chassis_id',
  'shard',
  'reservation',
] as const;

/** What an allocation asks of a node (conductor/allocations.ts). */
export interface CandidateFilter {
  resource_class: string;
  /** The node must carry every one of these. */
  traits: string[];
  /** Only these node UUIDs, when not empty. */
  uuids: string[];
  /** Only nodes this project owns or leases, when set. */
  project: string | null;
}

export type NewNode = Partial<Omit<Node, 'id' | 'created_at' | 'updated_at'>> & { driver: string };

export class NodeRepo extends ResourceRepo<Node> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'nodes',
      codec: nodeCodec,
      sort: NODE_SORT,
      noun: 'Node',
      named: true,
      duplicate: (values, column) => {
        if (column === 'name') return new Conflict(`A node with name ${values.name} already exists.`);
        if (column === 'instance_uuid') return new Conflict(`Instance ${values.instance_uuid} is already associated with a node.`);
        return new Conflict(`A node with UUID ${values.uuid} already exists.`);
      },
    });
  }

  create(values: NewNode): Promise<Node> {
    return this.insert({ provision_state: STATE.ENROLL, conductor_group: '', ...values });
  }

  findByName(name: string): Promise<Node | undefined> {
    return this.findBy('name', name);
  }

  findByInstanceUuid(instanceUuid: string): Promise<Node | undefined> {
    return this.findBy('instance_uuid', instanceUuid.toLowerCase());
  }

  /** A page of nodes; with `columns` (see nodeColumnsFor), nodes that hold only those columns. */
  list(filter: NodeFilter, page: PageRequest, columns?: readonly string[]): Promise<Node[]> {
    return this.page(
      (query) => {
        let q = query;
        for (const key of EQUALITY_FILTERS) {
          if (filter[key] !== undefined) q = q.where(key, '=', filter[key]);
        }
        for (const key of ['maintenance', 'retired'] as const) {
          if (filter[key] !== undefined) q = q.where(key, '=', filter[key] ? 1 : 0);
        }
        if (filter.associated !== undefined) q = q.where('instance_uuid', filter.associated ? 'is not' : 'is', null);
        if (filter.shards !== undefined) q = q.where('shard', 'in', filter.shards);
        if (filter.sharded !== undefined) q = q.where('shard', filter.sharded ? 'is not' : 'is', null);
        if (filter.project !== undefined) {
          const project = filter.project;
          q = q.where((eb) => eb.or([eb('owner', '=', project), eb('lessee', '=', project)]));
        }
        if (filter.description_contains !== undefined) q = q.where(likeContains('description', filter.description_contains));
        // Stored JSON is compact, so the member appears exactly so in the column's text.
        if (filter.instance_name !== undefined)
          q = q.where(likeContains('instance_info', `"display_name":${JSON.stringify(filter.instance_name)}`));
        if (filter.id_after !== undefined) q = q.where('id', '>', filter.id_after);
        if (filter.auto_discovered !== undefined) {
          const discovered = likeContains('extra', '"auto_discovered":true');
          q = q.where(filter.auto_discovered ? discovered : sql<boolean>`not coalesce(${discovered}, false)`);
        }
        return q;
      },
      page,
      columns,
    );
  }

  /**
   * Nodes per shard, most first, nodes without a shard under "None" as Ironic reports them. One
   * GROUP BY over the shard index; the number of shards is small, so there is no paging.
   */
  async shardCounts(): Promise<{ name: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('nodes')
      .select(['shard', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('shard')
      .execute();
    // Ordered here, not in SQL: the dialects sort NULL differently, and there are few shards.
    return rows
      .map((r) => ({ name: r.shard ?? 'None', count: Number(r.count), unsharded: r.shard === null }))
      .sort((x, y) => y.count - x.count || Number(x.unsharded) - Number(y.unsharded) || x.name.localeCompare(y.name))
      .map(({ name, count }) => ({ name, count }));
  }

  /**
   * Takes the node's exclusive lock for `host` in one conditional UPDATE: it succeeds only when
   * nobody holds it, which both SQLite and PostgreSQL apply atomically.
   */
  async reserve(id: number, host: string): Promise<boolean> {
    const result = await this.db
      .updateTable('nodes')
      .set({ reservation: host })
      .where('id', '=', id)
      .where('reservation', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Releases the lock if `host` holds it. Returns whether it did. */
  async release(id: number, host: string): Promise<boolean> {
    const result = await this.db
      .updateTable('nodes')
      .set({ reservation: null })
      .where('id', '=', id)
      .where('reservation', '=', host)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Clears every lock `host` holds (conductor start-up, or takeover of a dead conductor). */
  async releaseAllHeldBy(host: string): Promise<number> {
    const result = await this.db.updateTable('nodes').set({ reservation: null }).where('reservation', '=', host).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * An update by the conductor holding the node's lock, conditional on still holding it: a
   * conductor whose node was taken over must not write over the new owner's work.
   */
  async updateHeld(id: number, host: string, changes: Partial<Node>): Promise<Node> {
    const row = await this.updateRow(id, changes, { column: 'reservation', equals: host });
    if (row) return row;
    throw new NodeLockLost((await this.getById(id)).uuid, host);
  }

  /**
   * Recovers a node a dead conductor left locked: writes `changes` and clears the lock in one
   * UPDATE, only while `host` still holds it. Two survivors racing for the node cannot both
   * recover it: the second matches no row. Returns the node, or undefined when `host` no longer
   * held it.
   */
  releaseWith(id: number, host: string, changes: Partial<Node>): Promise<Node | undefined> {
    return this.updateRow(id, { ...changes, reservation: null }, { column: 'reservation', equals: host });
  }

  /**
   * Rewrites driver_internal_info with `change`, as a compare-and-set on the stored JSON text and
   * provision state (TEXT columns on SQLite and PostgreSQL alike): `change` sees the node as
   * stored, and its result is written only if neither moved meanwhile, else it is called again on
   * the new row. So a writer never puts back what a concurrent transition just removed (a boot's
   * agent token), and a concurrent write to other keys is retried, not lost. `change` returns
   * undefined to write nothing (the result is then undefined), or throws to refuse.
   */
  async updateInternalInfo(
    id: number,
    change: (node: Node) => Node['driver_internal_info'] | undefined | Promise<Node['driver_internal_info'] | undefined>,
  ): Promise<Node | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.db.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw this.notFound(id);
      const next = await change(this.spec.codec.decode(row));
      if (next === undefined) return undefined;
      const raw = row.driver_internal_info as string | null;
      const updated = await this.db
        .updateTable('nodes')
        .set({ driver_internal_info: JSON.stringify(next), updated_at: now() })
        .where('id', '=', id)
        .where('provision_state', '=', row.provision_state)
        .where('driver_internal_info', raw === null ? 'is' : '=', raw)
        .returningAll()
        .executeTakeFirst();
      if (updated) return this.spec.codec.decode(updated);
    }
    throw new Conflict(`Node ${id} changed too often while its driver_internal_info was being written; retry.`);
  }

  /** The UUIDs of nodes named by UUID or name, keyed by what named them (absent: no such node). */
  async uuidsByIdent(idents: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < idents.length; i += 500) {
      const chunk = idents.slice(i, i + 500);
      const uuids = chunk.filter((x) => UUID_RE.test(x)).map((x) => x.toLowerCase());
      const rows = await this.db
        .selectFrom('nodes')
        .select(['uuid', 'name'])
        .where((eb) => eb.or([eb('uuid', 'in', uuids.length ? uuids : ['']), eb('name', 'in', chunk)]))
        .execute();
      for (const ident of chunk) {
        const row = rows.find((r) => r.uuid === ident.toLowerCase() || r.name === ident);
        if (row) out.set(ident, row.uuid);
      }
    }
    return out;
  }

  /**
   * Up to `limit` nodes an allocation may take: available with a known power state, not in
   * maintenance, not retired, given to no instance or allocation, of the resource class, with
   * every trait (indexed filters, not a scan). The node named `preferName` comes first; the rest
   * start at a random id, so that allocations running at once try different nodes.
   */
  async allocationCandidates(f: CandidateFilter, limit: number, preferName?: string | null): Promise<Node[]> {
    const base = () => {
      let q = this.select()
        .where('provision_state', '=', STATE.AVAILABLE)
        .where('resource_class', '=', f.resource_class)
        .where('maintenance', '=', 0)
        .where('retired', '=', 0)
        .where('instance_uuid', 'is', null)
        .where('allocation_id', 'is', null)
        .where('power_state', 'is not', null);
      if (f.uuids.length) q = q.where('uuid', 'in', f.uuids);
      if (f.project !== null) q = q.where((eb) => eb.or([eb('owner', '=', f.project), eb('lessee', '=', f.project)]));
      return withAllTraits(q, f.traits);
    };
    const preferred = preferName ? await base().where('name', '=', preferName).executeTakeFirst() : undefined;
    const { max } = await this.db
      .selectFrom('nodes')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    const start = Math.floor(Math.random() * Number(max ?? 0)) + 1;
    const after = await base().where('id', '>=', start).orderBy('id').limit(limit).execute();
    const before =
      after.length < limit
        ? await base()
            .where('id', '<', start)
            .orderBy('id')
            .limit(limit - after.length)
            .execute()
        : [];
    const rows = [...(preferred ? [preferred] : []), ...after, ...before].filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i);
    return rows.slice(0, limit).map((r) => this.spec.codec.decode(r));
  }

  async count(filter: Pick<NodeFilter, 'provision_state'> = {}): Promise<number> {
    let q = this.db.selectFrom('nodes').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.provision_state) q = q.where('provision_state', '=', filter.provision_state);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
