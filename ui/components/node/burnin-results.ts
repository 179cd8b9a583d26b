// Burn-in results live in the node's history: each finished step is recorded as
// "clean step burnin_<kind> done in <s> s: <JSON summary from the agent>" (core/conductor/steps).
import type { HistoryEntry } from './node-types.js';

export interface BurninResult {
  step: string;
  at: string;
  seconds: number;
  summary: Record<string, unknown>;
}

const RECORD = /^(?:clean|deploy) step (burnin_\w+) done in ([\d.]+) s: (\{.*\})$/s;

export function burninResults(history: HistoryEntry[]): BurninResult[] {
  const out: BurninResult[] = [];
  for (const e of history) {
    const m = RECORD.exec(e.event);
    if (!m) continue;
    try {
      out.push({ step: m[1]!, at: e.created_at, seconds: Number(m[2]), summary: JSON.parse(m[3]!) as Record<string, unknown> });
    } catch {
      /* a summary cut short: not a result to show */
    }
  }
  return out;
}

/** Flattens {tool, metrics: {bogo_ops: 1}} into "tool: x; metrics.bogo_ops: 1" pairs. */
export function figures(summary: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(summary).flatMap(([k, v]): [string, string][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? figures(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, JSON.stringify(v)]],
  );
}
