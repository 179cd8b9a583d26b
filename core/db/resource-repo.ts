// What every UUID-addressed table (nodes, ports, allocations, volume connectors, deploy templates…) has in common: look-up by
// id, UUID or name, keyset-paginated lists, updates that bump updated_at, and constraint
// violations turned into 409s. Table-specific repositories extend it with their own filters.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CompiledQueries } from './compiled-queries.js';
import { NotFound } from '../errors.js';
import { type Codec, now } from './codec.js';
import { guardUnique } from './db-errors.js';
import { loosen, type LooseDatabase, type LooseRow, type LooseSelect } from './loose-db.js';
import { paginate, type PageRequest, type SortableTable } from './paginate.js';
import type { Database } from './schema.js';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ResourceTable =
  'nodes' | 'ports' | 'portgroups' | 'chassis' | 'allocations' | 'volume_connectors' | 'volume_targets' | 'deploy_templates';

export interface ResourceSpec<Obj> {
  table: ResourceTable;
  codec: Codec<LooseRow, Obj>;
  sort: SortableTable;
  /** Capitalised noun for messages: "Node", "Port". */
  noun: string;
  /** Whether the table has a unique `name` usable as an identifier. */
  named: boolean;
  /** Builds the 409 for a unique violation on `column`. */
  duplicate(values: Partial<Obj>, column: string | undefined): Error;
}

export class ResourceRepo<Obj extends { id: number; uuid: string }> {
  /** The same connection for the queries written once for every table (the table is the spec's). */
  protected readonly anyTable: Kysely<LooseDatabase>;
  /** `select * … where <column> = ?` per column (the single-node GET's query). */
  private readonly findByQueries = new CompiledQueries<string, LooseRow>();

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly spec: ResourceSpec<Obj>,
  ) {
    this.anyTable = loosen(db);
  }

  protected get table(): ResourceTable {
    return this.spec.table;
  }

  protected select(columns?: readonly string[]): LooseSelect {
    const from = this.anyTable.selectFrom(this.table);
    return columns ? from.select(columns as string[]) : from.selectAll();
  }

  protected notFound(ident: string | number): NotFound {
    return new NotFound(`${this.spec.noun} ${ident} could not be found.`);
  }

  protected async findBy(column: string, value: unknown): Promise<Obj | undefined> {
    const query = this.findByQueries.with(column, [value], () => this.select().where(column, '=', value).compile());
    const { rows } = await this.anyTable.executeQuery(query);
    const row = rows[0];
    return row && this.spec.codec.decode(row);
  }

  findById(id: number): Promise<Obj | undefined> {
    return this.findBy('id', id);
  }

  findByUuid(uuid: string): Promise<Obj | undefined> {
    return this.findBy('uuid', uuid.toLowerCase());
  }

  async getById(id: number): Promise<Obj> {
    const found = await this.findById(id);
    if (!found) throw this.notFound(id);
    return found;
  }

  /** By UUID, or by name where the table has names: the API's `{ident}` path segment. */
  async getByIdent(ident: string): Promise<Obj> {
    const found = UUID_RE.test(ident) ? await this.findByUuid(ident) : this.spec.named ? await this.findBy('name', ident) : undefined;
    if (!found) throw this.notFound(ident);
    return found;
  }

  protected async insert(values: Partial<Obj>): Promise<Obj> {
    const row = this.spec.codec.encode({ ...values, uuid: values.uuid ?? randomUUID(), created_at: now() });
    const inserted = await guardUnique(
      () => this.anyTable.insertInto(this.table).values(row).returningAll().executeTakeFirstOrThrow(),
      (column) => this.spec.duplicate(values, column),
    );
    return this.spec.codec.decode(inserted);
  }

  /** Writes the given fields and bumps updated_at. */
  async update(id: number, changes: Partial<Obj>): Promise<Obj> {
    const row = await this.updateRow(id, changes);
    if (!row) throw this.notFound(id);
    return row;
  }

  /** The update, narrowed by `whereAlso` (a condition the row must still meet); undefined when no row matched. */
  protected async updateRow(id: number, changes: Partial<Obj>, whereAlso?: { column: string; equals: unknown }): Promise<Obj | undefined> {
    const { id: _id, created_at: _created, ...rest } = changes as Partial<Obj> & { created_at?: string };
    const row = await guardUnique(
      () => {
        let q = this.anyTable
          .updateTable(this.table)
          .set({ ...this.spec.codec.encode(rest as Partial<Obj>), updated_at: now() })
          .where('id', '=', id);
        if (whereAlso) q = q.where(whereAlso.column, '=', whereAlso.equals);
        return q.returningAll().executeTakeFirst();
      },
      (column) => this.spec.duplicate(changes, column),
    );
    return row && this.spec.codec.decode(row);
  }

  async delete(id: number): Promise<void> {
    await this.anyTable.deleteFrom(this.table).where('id', '=', id).execute();
  }

  /**
   * One page of rows matching the query `build` narrows down. With `columns`, only those are read
   * (a short list page reads a few of a wide row's columns); the objects then hold only those.
   */
  protected async page(build: (q: LooseSelect) => LooseSelect, page: PageRequest, columns?: readonly string[]): Promise<Obj[]> {
    // The marker's sort value is compared with the column, so it is read as stored: a boolean is 0/1 there, not true/false.
    const storedRow = (uuid: string) => this.select().where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
    const q = await paginate(build(this.select(columns)), this.spec.sort, page, storedRow);
    return (await q.execute()).map((row) => this.spec.codec.decode(row));
  }
}

/** `column LIKE '%needle%'` with the needle's wildcards escaped, portable across dialects. */
export function likeContains(column: string, needle: string) {
  const pattern = `%${needle.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
