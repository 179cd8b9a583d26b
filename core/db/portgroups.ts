// Data access for portgroups (bonds).
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { Portgroup } from './types.js';

export type NewPortgroup = Partial<Omit<Portgroup, 'id' | 'created_at' | 'updated_at'>> & { node_id: number };

export class PortgroupRepo extends ResourceRepo<Portgroup> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'portgroups',
      codec: makeCodec({
        json: ['properties', 'extra', 'internal_info'],
        bool: ['standalone_ports_supported'],
        jsonDefault: { properties: {}, extra: {}, internal_info: {} },
      }),
      sort: {
        table: 'portgroups',
        noun: 'portgroup',
        sortKeys: ['id', 'uuid', 'name', 'address', 'created_at', 'updated_at'],
        nullableSortKeys: ['name', 'address', 'updated_at'],
      },
      noun: 'Portgroup',
      named: true,
      duplicate: (values, column) =>
        column === 'name'
          ? new Conflict(`A portgroup with name ${values.name} already exists.`)
          : column === 'address'
            ? new Conflict(`A portgroup with MAC address ${values.address} already exists.`)
            : new Conflict(`A portgroup with UUID ${values.uuid} already exists.`),
    });
  }

  create(values: NewPortgroup): Promise<Portgroup> {
    return this.insert({ standalone_ports_supported: true, ...values, address: values.address?.toLowerCase() ?? null });
  }

  list(filter: { node_id?: number; address?: string }, page: PageRequest): Promise<Portgroup[]> {
    return this.page((query) => {
      let q = query;
      if (filter.node_id !== undefined) q = q.where('node_id', '=', filter.node_id);
      if (filter.address !== undefined) q = q.where('address', '=', filter.address.toLowerCase());
      return q;
    }, page);
  }
}
