// Data access for volume targets. A node uses each boot_index once.
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { VolumeTarget } from './types.js';

export type NewVolumeTarget = Partial<Omit<VolumeTarget, 'id' | 'created_at' | 'updated_at'>> &
  Pick<VolumeTarget, 'node_id' | 'volume_type' | 'boot_index' | 'volume_id'>;

export class VolumeTargetRepo extends ResourceRepo<VolumeTarget> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'volume_targets',
      codec: makeCodec({ json: ['properties', 'extra'], bool: [], jsonDefault: { properties: {}, extra: {} } }),
      sort: {
        table: 'volume_targets',
        noun: 'volume target',
        nullableSortKeys: ['updated_at'],
        sortKeys: ['id', 'uuid', 'volume_type', 'boot_index', 'volume_id', 'created_at', 'updated_at'],
      },
      noun: 'Volume target',
      named: false,
      duplicate: (values, column) =>
        column === 'uuid'
          ? new Conflict(`A volume target with UUID ${values.uuid} already exists.`)
          : new Conflict(`A volume target with boot index '${values.boot_index}' for the same node already exists.`),
    });
  }

  create(values: NewVolumeTarget): Promise<VolumeTarget> {
    return this.insert(values);
  }

  list(filter: { node_id?: number }, page: PageRequest): Promise<VolumeTarget[]> {
    return this.page((q) => (filter.node_id === undefined ? q : q.where('node_id', '=', filter.node_id)), page);
  }
}
