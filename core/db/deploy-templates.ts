// Data access for deploy templates, addressed by UUID or by their (trait) name.
import type { Kysely } from 'kysely';
import { Conflict } from '../errors.js';
import { makeCodec } from './codec.js';
import type { PageRequest } from './paginate.js';
import { ResourceRepo } from './resource-repo.js';
import type { Database } from './schema.js';
import type { DeployTemplate } from './types.js';

export type NewDeployTemplate = Partial<Omit<DeployTemplate, 'id' | 'created_at' | 'updated_at'>> & Pick<DeployTemplate, 'name' | 'steps'>;

export class DeployTemplateRepo extends ResourceRepo<DeployTemplate> {
  constructor(db: Kysely<Database>) {
    super(db, {
      table: 'deploy_templates',
      codec: makeCodec({ json: ['steps', 'extra'], bool: [], jsonDefault: { steps: [], extra: {} } }),
      sort: {
        table: 'deploy_templates',
        noun: 'deploy template',
        nullableSortKeys: ['updated_at'],
        sortKeys: ['id', 'uuid', 'name', 'created_at', 'updated_at'],
      },
      noun: 'Deploy template',
      named: true,
      duplicate: (values, column) =>
        column === 'uuid'
          ? new Conflict(`A deploy template with UUID ${values.uuid} already exists.`)
          : new Conflict(`A deploy template with name ${values.name} already exists.`),
    });
  }

  create(values: NewDeployTemplate): Promise<DeployTemplate> {
    return this.insert(values);
  }

  list(page: PageRequest): Promise<DeployTemplate[]> {
    return this.page((q) => q, page);
  }

  /** The templates named by an instance's traits (a handful), in name order. */
  async findByNames(names: readonly string[]): Promise<DeployTemplate[]> {
    if (names.length === 0) return [];
    const rows = await this.select().where('name', 'in', names).orderBy('name').execute();
    return rows.map((row) => this.spec.codec.decode(row));
  }
}
