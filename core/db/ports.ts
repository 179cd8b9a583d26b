// Data access for ports (NICs). MAC addresses are stored normalised to lower case.
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { LooseRow } from './loose-db.js';
import type { Database } from './schema.js';
import type { Port } from './types.js';

export interface PortFilter {
  node_id?: number;
  portgroup_id?: number;
  address?: string;
  pxe_enabled?: boolean;
  /** Ports of nodes in any of these shards. */
  shards?: string[];
}

export type NewPort = Partial<Omit<Port, 'id' | 'created_at' | 'updated_at'>> & { address: string; node_id: number };

/** Port rows ⇄ ports (JSON columns, 0/1 booleans); the port change feed decodes with it too. */
export const portCodec = makeCodec<LooseRow, Port>({
  json: ['local_link_connection', 'extra', 'internal_info'],
  bool: ['pxe_enabled', 'is_smartnic'],
  jsonDefault: { local_link_connection: {}, extra: {}, internal_info: {} },
});

export class PortRepo extends ResourceRepo<Port> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'ports',
      codec: portCodec,
      sort: {
        table: 'ports',
        noun: 'port',
        sortKeys: ['id', 'uuid', 'address', 'created_at', 'updated_at', 'name'],
        nullableSortKeys: ['updated_at', 'name'],
      },
      noun: 'Port',
      named: true,
      duplicate: (values, column) =>
        column === 'name'
          ? new Conflict(`A port with name ${values.name} already exists.`)
          : column === 'address'
            ? new Conflict(`A port with MAC address ${values.address} already exists.`)
            : new Conflict(`A port with UUID ${values.uuid} already exists.`),
    });
  }

  create(values: NewPort): Promise<Port> {
    return this.insert({ pxe_enabled: true, is_smartnic: false, ...values, address: values.address.toLowerCase() });
  }

  findByAddress(address: string): Promise<Port | undefined> {
    return this.findBy('address', address.toLowerCase());
  }

  /** All ports of the given MACs (agent lookup, discovery matching). */
  async findByAddresses(addresses: string[]): Promise<Port[]> {
    if (addresses.length === 0) return [];
    const rows = await this.select()
      .where(
        'address',
        'in',
        addresses.map((a) => a.toLowerCase()),
      )
      .execute();
    return rows.map((row) => this.spec.codec.decode(row));
  }

  list(filter: PortFilter, page: PageRequest): Promise<Port[]> {
    return this.page((query) => {
      let q = query;
      if (filter.node_id !== undefined) q = q.where('node_id', '=', filter.node_id);
      if (filter.portgroup_id !== undefined) q = q.where('portgroup_id', '=', filter.portgroup_id);
      if (filter.address !== undefined) q = q.where('address', '=', filter.address.toLowerCase());
      if (filter.pxe_enabled !== undefined) q = q.where('pxe_enabled', '=', filter.pxe_enabled ? 1 : 0);
      // Ports belong to the shard of their node.
      if (filter.shards !== undefined)
        q = q.where((eb) => eb('node_id', 'in', eb.selectFrom('nodes').select('nodes.id').where('nodes.shard', 'in', filter.shards)));
      return q;
    }, page);
  }

  /** Every port of one node; a node has a handful, so no paging. */
  async listByNode(nodeId: number): Promise<Port[]> {
    const rows = await this.select().where('node_id', '=', nodeId).orderBy('id').execute();
    return rows.map((row) => this.spec.codec.decode(row));
  }
}
