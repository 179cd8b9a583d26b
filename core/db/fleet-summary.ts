// What the console's overview counts and lists: one GROUP BY over the state columns for the
// counts, and three short lists (newest change first, capped) each with its total. The lists
// order by updated_at, which migration 0011 indexes, so LIMIT stops early on a large fleet.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { POWER_FAILURE } from '../states/faults.js';
import { FAILED_STATES, IMAGE_WRITING_STATES, STATE } from '../states/provision-states.js';
import { loosen, type LooseDatabase } from './loose-db.js';
import { nodeCodec } from './node-codec.js';
import { likeContains } from './resource-repo.js';
import type { Database } from './schema.js';
import type { Node } from './types.js';

export interface StateCountRow {
  provision_state: string;
  power_state: string | null;
  maintenance: boolean;
  fault: string | null;
  count: number;
}

export interface CappedList {
  nodes: Node[];
  total: number;
}

type Condition = Expression<SqlBool>;

export class FleetSummaryRepo {
  private readonly db: Kysely<LooseDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = loosen(db);
  }

  /** Node counts per combination of provision state, power state, maintenance and fault (few rows). */
  async stateCounts(): Promise<StateCountRow[]> {
    const rows = await this.db
      .selectFrom('nodes')
      .select(['provision_state', 'power_state', 'maintenance', 'fault', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy(['provision_state', 'power_state', 'maintenance', 'fault'])
      .execute();
    return rows.map((r) => ({
      provision_state: r.provision_state as string,
      power_state: (r.power_state as string | null) ?? null,
      maintenance: Boolean(Number(r.maintenance)),
      fault: (r.fault as string | null) ?? null,
      count: Number(r.count),
    }));
  }

  /** Nodes with an error, in a failed state, in maintenance with a reason, or failing power sync. */
  needingAttention(limit: number): Promise<CappedList> {
    return this.capped(
      sql<SqlBool>`(${sql.join(
        [
          sql`last_error is not null and last_error <> ''`,
          sql`provision_state in (${sql.join(FAILED_STATES.members)})`,
          sql`maintenance = 1 and maintenance_reason is not null and maintenance_reason <> ''`,
          sql`fault = ${POWER_FAILURE}`,
        ].map((c) => sql`(${c})`),
        sql` or `,
      )})`,
      limit,
    );
  }

  /** Machines discovered by PXE (extra.auto_discovered) still waiting in enroll. */
  discovered(limit: number): Promise<CappedList> {
    return this.capped(sql<SqlBool>`provision_state = ${STATE.ENROLL} and ${likeContains('extra', '"auto_discovered":true')}`, limit);
  }

  /** Nodes being deployed: the states in which the agent may be writing the image. */
  deploying(limit: number): Promise<CappedList> {
    return this.capped(sql<SqlBool>`provision_state in (${sql.join(IMAGE_WRITING_STATES.members)})`, limit);
  }

  private async capped(where: Condition, limit: number): Promise<CappedList> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('nodes')
        .selectAll()
        .where(where)
        .orderBy(sql`updated_at desc nulls last`)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
      this.db
        .selectFrom('nodes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(where)
        .executeTakeFirstOrThrow(),
    ]);
    return { nodes: rows.map((r) => nodeCodec.decode(r as never)), total: Number(count.n) };
  }
}
