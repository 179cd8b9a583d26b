// Data access for inspection: the stored inspection rules, and the BMC-address match of the
// inspection callback (driver_info is stored JSON, so the address is pre-filtered textually here
// and checked exactly by the caller's decode).
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { makeCodec, now } from './codec.js';
import { likeContains } from './resource-repo.js';
import type { Database, InspectionRulesTable } from './schema.js';
import type { JsonObject } from './types.js';

export interface StoredInspectionRule {
  uuid: string;
  description: string | null;
  conditions: JsonObject[];
  actions: JsonObject[];
  created_at: string;
}

const ruleCodec = makeCodec<Selectable<InspectionRulesTable>, StoredInspectionRule & { id: number }>({
  json: ['conditions', 'actions'],
  bool: [],
});

export class InspectionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async addRule(rule: { description?: string | null; conditions: JsonObject[]; actions: JsonObject[] }): Promise<StoredInspectionRule> {
    const row = await this.db
      .insertInto('inspection_rules')
      .values({
        uuid: randomUUID(),
        description: rule.description ?? null,
        conditions: JSON.stringify(rule.conditions),
        actions: JSON.stringify(rule.actions),
        created_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return strip(ruleCodec.decode(row));
  }

  /** Every rule, oldest first: rules apply in the order they were created. */
  async listRules(): Promise<StoredInspectionRule[]> {
    const rows = await this.db.selectFrom('inspection_rules').selectAll().orderBy('id').execute();
    return rows.map((r) => strip(ruleCodec.decode(r)));
  }

  async getRule(uuid: string): Promise<StoredInspectionRule | undefined> {
    const row = await this.db.selectFrom('inspection_rules').selectAll().where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
    return row && strip(ruleCodec.decode(row));
  }

  /** Returns how many rules went (0 or 1 with a UUID; all without). */
  async deleteRules(uuid?: string): Promise<number> {
    let q = this.db.deleteFrom('inspection_rules');
    if (uuid) q = q.where('uuid', '=', uuid.toLowerCase());
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Ids of nodes whose driver_info mentions `"ipmi_address":"<address>"` (candidates; the caller checks exactly). */
  async nodeIdsMentioningBmc(address: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('nodes')
      .select('id')
      .where(likeContains('driver_info', `"ipmi_address":${JSON.stringify(address)}`))
      .limit(10)
      .execute();
    return rows.map((r: { id: number }) => r.id);
  }
}

function strip(rule: StoredInspectionRule & { id?: number }): StoredInspectionRule {
  const { id: _id, ...rest } = rule;
  return rest;
}
