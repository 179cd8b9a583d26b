// Data access for node history: an append-only event log per node.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { now } from './codec.js';
import type { Database } from './schema.js';
import type { NodeHistoryEntry } from './types.js';

export interface NewHistoryEntry {
  node_id: number;
  event: string;
  event_type: string;
  severity?: NodeHistoryEntry['severity'];
  conductor?: string | null;
  user?: string | null;
}

export class HistoryRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(entry: NewHistoryEntry): Promise<void> {
    await this.db
      .insertInto('node_history')
      .values({
        uuid: randomUUID(),
        severity: 'info',
        conductor: null,
        user: null,
        ...entry,
        created_at: now(),
      })
      .execute();
  }

  async list(nodeId: number, limit = 1000, afterId = 0): Promise<NodeHistoryEntry[]> {
    const rows = await this.db
      .selectFrom('node_history')
      .selectAll()
      .where('node_id', '=', nodeId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows as NodeHistoryEntry[];
  }

  async get(nodeId: number, uuid: string): Promise<NodeHistoryEntry | undefined> {
    const row = await this.db
      .selectFrom('node_history')
      .selectAll()
      .where('node_id', '=', nodeId)
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    return row as NodeHistoryEntry | undefined;
  }
}
