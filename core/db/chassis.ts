// Data access for chassis (a grouping of nodes).
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { Chassis } from './types.js';

export class ChassisRepo extends ResourceRepo<Chassis> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'chassis',
      codec: makeCodec({ json: ['extra'], bool: [], jsonDefault: { extra: {} } }),
      sort: { table: 'chassis', noun: 'chassis', sortKeys: ['id', 'uuid', 'created_at', 'updated_at'], nullableSortKeys: ['updated_at'] },
      noun: 'Chassis',
      named: false,
      duplicate: (values) => new Conflict(`A chassis with UUID ${values.uuid} already exists.`),
    });
  }

  create(values: Partial<Omit<Chassis, 'id' | 'created_at' | 'updated_at'>>): Promise<Chassis> {
    return this.insert(values);
  }

  list(page: PageRequest): Promise<Chassis[]> {
    return this.page((q) => q, page);
  }
}
