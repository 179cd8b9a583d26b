// Metrics benchmark: `npm run bench -- metrics`. Tyr in-process on a throw-away SQLite database
// with 10,000 nodes (TYR_BENCH_NODES) written through the store, then the cost of what a scrape
// does: the fleet GROUP BY alone, and whole GET /metrics scrapes (the fleet read is cached 2 s,
// so back-to-back scrapes mostly measure the exposition itself).
import { pct, pool, printTable } from '../helpers/bench-util.js';
import { startApi } from '../helpers/api-harness.js';
import type { ProvisionState } from '../../core/states/provision-states.js';

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const RUNS = 50;
const STATES: ProvisionState[] = ['enroll', 'manageable', 'available', 'active', 'deploy failed'];

async function timings(runs: number, job: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await job();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const ms = (sorted: number[]) => `p50 ${pct(sorted, 50).toFixed(2)} ms, p95 ${pct(sorted, 95).toFixed(2)} ms`;

export async function run(): Promise<void> {
  const api = await startApi();
  try {
    const { nodes } = api.server.store;
    await pool(NODES, 8, async (i) => {
      const node = await nodes.create({ driver: 'fake-hardware', name: `bench-${i}` });
      await nodes.update(node.id, {
        provision_state: STATES[i % STATES.length]!,
        power_state: i % 3 ? 'power on' : 'power off',
        maintenance: i % 50 === 0,
      });
    });
    const groupBy = await timings(RUNS, () => api.server.store.fleetSummary.stateCounts());
    let bytes = 0;
    const scrapes = await timings(RUNS, async () => {
      const res = await fetch(`${api.url}/metrics`);
      bytes = (await res.text()).length;
      if (!res.ok) throw new Error(`GET /metrics → ${res.status}`);
    });
    printTable(`metrics at ${NODES} nodes (in-process tyr server, SQLite)`, [
      ['fleet GROUP BY (FleetSummaryRepo.stateCounts)', ms(groupBy), `${RUNS} runs`],
      ['GET /metrics', ms(scrapes), `${RUNS} scrapes, ${bytes} bytes`],
    ]);
  } finally {
    await api.stop();
  }
}
