// Data access for nodes: the only place that writes SQL against the nodes table.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import { Conflict, NodeLockLost } from '../errors.js';
import { makeCodec, now } from './codec.js';
import type { PageRequest, SortableTable } from './paginate.js';
import { likeContains, ResourceRepo } from './resource-repo.js';
import type { Database, NodesTable } from './schema.js';
import type { Node } from './types.js';

const codec = makeCodec<Selectable<NodesTable>, Node>({
  json: ['driver_info', 'driver_internal_info', 'properties', 'instance_info', 'extra', 'clean_step', 'deploy_step',
    'raid_config', 'target_raid_config', 'network_data'],
  bool: ['maintenance', 'console_enabled', 'automated_clean', 'protected', 'retired', 'secure_boot'],
  jsonDefault: { driver_info: {}, driver_internal_info: {}, properties: {}, instance_info: {}, extra: {}, raid_config: {},
    target_raid_config: {}, network_data: {} },
});

export const NODE_SORT: SortableTable = {
  table: 'nodes',
  noun: 'node',
  sortKeys: ['id', 'uuid', 'name', 'created_at', 'updated_at', 'provision_state', 'provision_updated_at', 'power_state',
    'driver', 'resource_class', 'conductor_group', 'instance_uuid', 'maintenance', 'owner', 'lessee'],
  nullableSortKeys: ['name', 'updated_at', 'provision_updated_at', 'power_state', 'resource_class', 'instance_uuid', 'owner', 'lessee'],
};

export interface NodeFilter {
  provision_state?: string;
  maintenance?: boolean;
  /** true: has an instance; false: has none. */
  associated?: boolean;
  instance_uuid?: string;
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
  reservation?: string;
  /** Only nodes whose id is greater: batch iteration for periodic tasks. */
  id_after?: number;
  /** Only nodes whose extra.auto_discovered is true (stored JSON, matched textually). */
  auto_discovered?: boolean;
}

const EQUALITY_FILTERS = ['provision_state', 'instance_uuid', 'driver', 'resource_class', 'conductor_group', 'fault',
  'owner', 'lessee', 'chassis_id', 'shard', 'reservation'] as const;

export type NewNode = Partial<Omit<Node, 'id' | 'created_at' | 'updated_at'>> & { driver: string };

export class NodeRepo extends ResourceRepo<Node> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'nodes', codec, sort: NODE_SORT, noun: 'Node', named: true,
      duplicate: (values, column) => {
        if (column === 'name') return new Conflict(`A node with name ${values.name} already exists.`);
        if (column === 'instance_uuid') return new Conflict(`Instance ${values.instance_uuid} is already associated with a node.`);
        return new Conflict(`A node with UUID ${values.uuid} already exists.`);
      },
    });
  }

  create(values: NewNode): Promise<Node> {
    return this.insert({ provision_state: 'enroll', conductor_group: '', ...values });
  }

  findByName(name: string): Promise<Node | undefined> {
    return this.findBy('name', name);
  }

  findByInstanceUuid(instanceUuid: string): Promise<Node | undefined> {
    return this.findBy('instance_uuid', instanceUuid.toLowerCase());
  }

  /** Nodes whose instance_info.display_name is `name` (Nova's instance name): at most `limit`. */
  async findByDisplayName(name: string, limit = 10): Promise<Node[]> {
    // Stored JSON: narrowed textually, then compared exactly after decoding.
    const rows = await this.select().where(likeContains('instance_info', `"display_name":${JSON.stringify(name)}`)).limit(limit * 4).execute();
    return rows.map((r) => this.spec.codec.decode(r)).filter((n) => n.instance_info.display_name === name).slice(0, limit);
  }

  list(filter: NodeFilter, page: PageRequest): Promise<Node[]> {
    return this.page((query) => {
      let q: SelectQueryBuilder<any, any, any> = query;
      for (const key of EQUALITY_FILTERS) {
        if (filter[key] !== undefined) q = q.where(key, '=', filter[key]);
      }
      for (const key of ['maintenance', 'retired'] as const) {
        if (filter[key] !== undefined) q = q.where(key, '=', filter[key] ? 1 : 0);
      }
      if (filter.associated !== undefined) q = q.where('instance_uuid', filter.associated ? 'is not' : 'is', null);
      if (filter.description_contains !== undefined) q = q.where(likeContains('description', filter.description_contains));
      if (filter.id_after !== undefined) q = q.where('id', '>', filter.id_after);
      if (filter.auto_discovered !== undefined) {
        const discovered = likeContains('extra', '"auto_discovered":true');
        q = q.where(filter.auto_discovered ? discovered : sql<boolean>`not coalesce(${discovered}, false)`);
      }
      return q;
    }, page);
  }

  /**
   * Nodes per shard, most first, nodes without a shard under "None" as Ironic reports them. One
   * GROUP BY over the shard index; the number of shards is small, so there is no paging.
   */
  async shardCounts(): Promise<{ name: string; count: number }[]> {
    const rows = await this.db.selectFrom('nodes').select(['shard', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('shard').execute();
    // Ordered here, not in SQL: the dialects sort NULL differently, and there are few shards.
    return rows.map((r) => ({ name: r.shard ?? 'None', count: Number(r.count), unsharded: r.shard === null }))
      .sort((x, y) => y.count - x.count || Number(x.unsharded) - Number(y.unsharded) || x.name.localeCompare(y.name))
      .map(({ name, count }) => ({ name, count }));
  }

  /**
   * Takes the node's exclusive lock for `host` in one conditional UPDATE: it succeeds only when
   * nobody holds it, which both SQLite and PostgreSQL apply atomically.
   */
  async reserve(id: number, host: string): Promise<boolean> {
    const result = await this.db.updateTable('nodes').set({ reservation: host })
      .where('id', '=', id).where('reservation', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Releases the lock if `host` holds it. Returns whether it did. */
  async release(id: number, host: string): Promise<boolean> {
    const result = await this.db.updateTable('nodes').set({ reservation: null })
      .where('id', '=', id).where('reservation', '=', host).executeTakeFirst();
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
   * Sets driver_internal_info[key] unless the key is already there, as a compare-and-set on the
   * stored JSON text (a TEXT column on SQLite and PostgreSQL alike): two processes issuing the
   * key at once cannot both succeed, and a concurrent write to other keys is retried, not lost.
   * Returns the updated node, or undefined when the key was already set.
   */
  async setInternalInfoIfAbsent(id: number, key: string, value: unknown): Promise<Node | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.db.selectFrom('nodes').select('driver_internal_info').where('id', '=', id).executeTakeFirst();
      if (!row) throw this.notFound(id);
      const raw = row.driver_internal_info as string | null;
      const info = raw ? JSON.parse(raw) as Record<string, unknown> : {};
      if (info[key] !== undefined && info[key] !== null) return undefined;
      const updated = await (this.db as Kysely<any>).updateTable('nodes')
        .set({ driver_internal_info: JSON.stringify({ ...info, [key]: value }), updated_at: now() })
        .where('id', '=', id)
        .where('driver_internal_info', raw === null ? 'is' : '=', raw)
        .returningAll().executeTakeFirst();
      if (updated) return this.spec.codec.decode(updated);
    }
    throw new Conflict(`Node ${id} changed too often while ${key} was being set; retry.`);
  }

  async count(filter: Pick<NodeFilter, 'provision_state'> = {}): Promise<number> {
    let q = this.db.selectFrom('nodes').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.provision_state) q = q.where('provision_state', '=', filter.provision_state);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

