// Data access for allocations. Binding a node and deleting an allocation write the allocation
// and the node in one transaction, so a node's allocation_id / instance_uuid and the
// allocation's node_id can never disagree, and two allocations can never hold one node.
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec, now } from './codec.js';
import { guardUnique } from './db-errors.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { Allocation, Node } from './types.js';

export type NewAllocation = Partial<Omit<Allocation, 'id' | 'created_at' | 'updated_at'>>;

export interface AllocationFilter {
  node_id?: number;
  resource_class?: string;
  state?: string;
  owner?: string;
  /** Allocations a conductor started and has not finished (its restart resumes them). */
  conductor_affinity?: string;
}

const FILTERS = ['node_id', 'resource_class', 'state', 'owner', 'conductor_affinity'] as const;

export class AllocationRepo extends ResourceRepo<Allocation> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'allocations',
      codec: makeCodec({
        json: ['traits', 'candidate_nodes', 'extra'],
        bool: ['backfilled'],
        jsonDefault: { traits: [], candidate_nodes: [], extra: {} },
      }),
      sort: {
        table: 'allocations',
        noun: 'allocation',
        sortKeys: ['id', 'uuid', 'name', 'state', 'resource_class', 'owner', 'node_id', 'created_at', 'updated_at'],
        nullableSortKeys: ['name', 'resource_class', 'owner', 'node_id', 'updated_at'],
      },
      noun: 'Allocation',
      named: true,
      duplicate: (values, column) =>
        column === 'name'
          ? new Conflict(`An allocation with name ${values.name} already exists; pick another name.`)
          : column === 'node_id'
            ? new Conflict(`The node already has an allocation; delete it first (DELETE /v1/nodes/{node}/allocation).`)
            : new Conflict(`An allocation with UUID ${values.uuid} already exists.`),
    });
  }

  create(values: NewAllocation): Promise<Allocation> {
    return this.insert({ state: 'allocating', ...values });
  }

  list(filter: AllocationFilter, page: PageRequest): Promise<Allocation[]> {
    return this.page((query) => {
      let q = query;
      for (const key of FILTERS) if (filter[key] !== undefined) q = q.where(key, '=', filter[key]);
      return q;
    }, page);
  }

  findByNodeId(nodeId: number): Promise<Allocation | undefined> {
    return this.findBy('node_id', nodeId);
  }

  /** UUIDs of the given allocation ids, in one query (node list pages show allocation_uuid). */
  async uuidsOf(ids: (number | null)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.selectFrom('allocations').select(['id', 'uuid']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.uuid]));
  }

  /** Records why the allocation failed; a no-op when it was deleted meanwhile. */
  async fail(id: number, reason: string): Promise<Allocation | undefined> {
    return this.updateRow(id, { state: 'error', last_error: reason, node_id: null });
  }

  /**
   * Gives `node` to the allocation: the allocation becomes active, the node gets allocation_id,
   * instance_uuid (the allocation's UUID) and the requested traits in instance_info. Only while
   * `heldBy` holds the node's lock and the node has no other instance or allocation. Returns
   * undefined when the allocation was deleted meanwhile; Conflict when the node was taken.
   */
  async bind(allocation: Allocation, node: Node, heldBy: string): Promise<Allocation | undefined> {
    const instanceInfo = JSON.stringify({ ...node.instance_info, traits: allocation.traits });
    const taken = () => new Conflict(`Node ${node.uuid} is already associated with another instance or allocation.`);
    return guardUnique(
      () =>
        this.db.transaction().execute(async (trx) => {
          // The allocation row first: a concurrent delete of it either waits for this transaction or makes it a no-op.
          const row = await trx
            .updateTable('allocations')
            .set({ node_id: node.id, state: 'active', last_error: null, updated_at: now() })
            .where('id', '=', allocation.id)
            .returningAll()
            .executeTakeFirst();
          if (!row) return undefined;
          const result = await trx
            .updateTable('nodes')
            .set({ allocation_id: allocation.id, instance_uuid: allocation.uuid, instance_info: instanceInfo, updated_at: now() })
            .where('id', '=', node.id)
            .where('reservation', '=', heldBy)
            .where('allocation_id', 'is', null)
            .where((eb) => eb.or([eb('instance_uuid', 'is', null), eb('instance_uuid', '=', allocation.uuid)]))
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) throw taken();
          return this.spec.codec.decode(row);
        }),
      (column) =>
        column === 'instance_uuid'
          ? new Conflict(`Instance ${allocation.uuid} (the allocation's UUID) is already associated with another node.`)
          : taken(),
    );
  }

  /** Deletes the allocation and releases its node (allocation_id and instance_uuid cleared), as one change. */
  async destroy(allocation: Allocation): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Deleting first waits for a bind of this allocation in progress, so its node is then released too.
      await trx.deleteFrom('allocations').where('id', '=', allocation.id).execute();
      await trx
        .updateTable('nodes')
        .set({ allocation_id: null, instance_uuid: null, updated_at: now() })
        .where('allocation_id', '=', allocation.id)
        .execute();
    });
  }
}
