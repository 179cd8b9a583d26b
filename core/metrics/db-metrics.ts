// Database query time, from Kysely's `log` hook (queryDurationMillis per query). Labelled by the
// statement's kind only: SQL text as a label would be a series per distinct query.
import type { LogEvent } from 'kysely';
import { Counter, Histogram, type Registry } from 'prom-client';

const KINDS = new Set(['select', 'insert', 'update', 'delete']);

// Indexed reads take well under a millisecond on SQLite; a slow PostgreSQL or a lock wait, seconds.
const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** select, insert, update, delete, or other (DDL, pragmas, transactions), from the SQL's first word. */
export function queryKind(sql: string): string {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';
  return KINDS.has(word) ? word : 'other';
}

export class DbMetrics {
  private readonly duration: Histogram<'kind'>;
  private readonly errors: Counter<'kind'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'tyr_db_query_duration_seconds',
      help: 'Time one database query took, by kind (select, insert, update, delete, other).',
      labelNames: ['kind'],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'tyr_db_query_errors_total',
      help: 'Database queries that failed (constraint violations included), by kind.',
      labelNames: ['kind'],
      registers: [registry],
    });
  }

  /** Kysely's `log` option: called once per executed query. */
  readonly log = (event: LogEvent): void => {
    const kind = queryKind(event.query.sql);
    this.duration.observe({ kind }, event.queryDurationMillis / 1000);
    if (event.level === 'error') this.errors.inc({ kind });
  };
}
