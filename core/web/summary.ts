// GET /ui/api/summary: the overview's counts and lists. Every open console polls it, so one
// result is shared by all requests for a couple of seconds (and concurrent requests share the
// query in flight): a room of browsers costs the database one set of GROUP BYs per interval.
import { Router } from 'express';
import type { AttentionItem, AttentionReason, FleetSummary } from '../../protocol/web-ui.js';
import type { ApiDeps } from '../api/deps.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import { POWER_FAILURE } from '../states/faults.js';
import { FAILED_STATES } from '../states/provision-states.js';
import { nodeRow } from './node-row.js';

const CACHE_MS = 2_000;
/** How many nodes each overview list carries; its *_total counts them all. */
export const SUMMARY_LIST_LIMIT = 50;

function attentionReasons(node: Node): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (node.last_error) reasons.push('last_error');
  if (FAILED_STATES.has(node.provision_state)) reasons.push('failed_state');
  if (node.maintenance && node.maintenance_reason) reasons.push('maintenance');
  if (node.fault === POWER_FAILURE) reasons.push('power_sync');
  return reasons;
}

const bump = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

export async function fleetSummary(store: Store): Promise<FleetSummary> {
  const repo = store.fleetSummary;
  const [counts, attention, discovered, deploys] = await Promise.all([
    repo.stateCounts(),
    repo.needingAttention(SUMMARY_LIST_LIMIT),
    repo.discovered(SUMMARY_LIST_LIMIT),
    repo.deploying(SUMMARY_LIST_LIMIT),
  ]);
  const summary: FleetSummary = {
    total: 0,
    by_provision_state: {},
    by_power_state: {},
    maintenance: 0,
    by_fault: {},
    attention: attention.nodes.map((n): AttentionItem => ({ node: nodeRow(n), reasons: attentionReasons(n) })),
    attention_total: attention.total,
    discovered: discovered.nodes.map(nodeRow),
    discovered_total: discovered.total,
    deploys: deploys.nodes.map(nodeRow),
    deploys_total: deploys.total,
  };
  for (const row of counts) {
    summary.total += row.count;
    bump(summary.by_provision_state, row.provision_state, row.count);
    // Ironic shows an unknown power state as None.
    bump(summary.by_power_state, row.power_state ?? 'None', row.count);
    if (row.maintenance) summary.maintenance += row.count;
    if (row.fault) bump(summary.by_fault, row.fault, row.count);
  }
  return summary;
}

export function summaryRouter(deps: ApiDeps): Router {
  const router = Router();
  let cached: { at: number; summary: Promise<FleetSummary> } | undefined;
  router.get('/ui/api/summary', async (_req, res) => {
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      const summary = fleetSummary(deps.store);
      cached = { at: Date.now(), summary };
      // A failed computation is not kept: the next request tries again.
      summary.catch(() => {
        if (cached?.summary === summary) cached = undefined;
      });
    }
    res.json(await cached.summary);
  });
  return router;
}
