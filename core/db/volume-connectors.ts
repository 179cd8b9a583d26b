// Data access for volume connectors. (type, connector_id) is unique across all nodes.
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { VolumeConnector } from './types.js';

export type NewVolumeConnector = Partial<Omit<VolumeConnector, 'id' | 'created_at' | 'updated_at'>> &
  Pick<VolumeConnector, 'node_id' | 'type' | 'connector_id'>;

export class VolumeConnectorRepo extends ResourceRepo<VolumeConnector> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'volume_connectors',
      codec: makeCodec({ json: ['extra'], bool: [], jsonDefault: { extra: {} } }),
      sort: {
        table: 'volume_connectors',
        noun: 'volume connector',
        nullableSortKeys: ['updated_at'],
        sortKeys: ['id', 'uuid', 'type', 'connector_id', 'created_at', 'updated_at'],
      },
      noun: 'Volume connector',
      named: false,
      duplicate: (values, column) =>
        column === 'uuid'
          ? new Conflict(`A volume connector with UUID ${values.uuid} already exists.`)
          : new Conflict(`A volume connector with type ${values.type} and connector ID ${values.connector_id} already exists.`),
    });
  }

  create(values: NewVolumeConnector): Promise<VolumeConnector> {
    return this.insert(values);
  }

  list(filter: { node_id?: number }, page: PageRequest): Promise<VolumeConnector[]> {
    return this.page((q) => (filter.node_id === undefined ? q : q.where('node_id', '=', filter.node_id)), page);
  }
}
