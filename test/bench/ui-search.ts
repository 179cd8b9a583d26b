// Console API benchmark: `npm run bench -- ui-search`. Starts Tyr in-process on a throw-away
// SQLite database, seeds 10,000 nodes (states, traits, one port each) in bulk through the store,
// then times GET /ui/api/nodes (first page, filtered, sorted, deep page, q by name, UUID and MAC)
// and the summary (the HTTP route, cached for 2 s, and one uncached computation).
import { randomUUID } from 'node:crypto';
import { loosen } from '../../core/db/loose-db.js';
import { fleetSummary } from '../../core/web/summary.js';
import { pct, printTable } from '../helpers/bench-util.js';
import { startApi } from '../helpers/api-harness.js';

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const RUNS = 100;
const STATES = ['available', 'active', 'manageable', 'enroll', 'deploy failed', 'wait call-back'];
const POWER = ['power on', 'power off', null];

const mac = (i: number) => `52:54:00:${[(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

async function timeRuns(run: () => Promise<void>): Promise<[string, string]> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return [`p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms`, '< 100 ms p95'];
}

export async function run(): Promise<void> {
  const api = await startApi();
  const { store } = api.server;
  // Bulk rows with only the columns the benchmark needs (the rest take their defaults or NULL).
  const db = loosen(store.db.kysely);
  const rows: [string, string, string][] = [];
  try {
    const t0 = performance.now();
    const base = Date.now() - NODES * 1000;
    const uuids: string[] = [];
    for (let start = 0; start < NODES; start += 500) {
      const batch = Array.from({ length: Math.min(500, NODES - start) }, (_, k) => {
        const i = start + k;
        const uuid = randomUUID();
        uuids.push(uuid);
        return {
          uuid,
          name: `bench-${i}`,
          driver: i % 10 === 0 ? 'ipmi' : 'fake-hardware',
          provision_state: STATES[i % STATES.length]!,
          power_state: POWER[i % POWER.length] ?? null,
          resource_class: i % 3 === 0 ? 'gpu' : 'general',
          conductor_group: `rack${i % 20}`,
          owner: `team-${i % 7}`,
          maintenance: i % 50 === 0 ? 1 : 0,
          maintenance_reason: i % 50 === 0 ? 'bench' : null,
          last_error: i % 97 === 0 ? 'bench error' : null,
          created_at: new Date(base + i * 1000).toISOString(),
          updated_at: new Date(base + i * 1000 + 500).toISOString(),
        };
      });
      const inserted = await db.insertInto('nodes').values(batch).returning(['id']).execute();
      const now = new Date().toISOString();
      await db
        .insertInto('ports')
        .values(
          inserted.map((r, k) => ({
            uuid: randomUUID(),
            address: mac(start + k),
            node_id: r.id as number,
            created_at: now,
            pxe_enabled: 1,
            is_smartnic: 0,
          })),
        )
        .execute();
      const traits = inserted.flatMap((r, k) => [
        ...((start + k) % 2 === 0 ? [{ node_id: r.id as number, trait: 'CUSTOM_GPU', created_at: now }] : []),
        ...((start + k) % 5 === 0 ? [{ node_id: r.id as number, trait: 'CUSTOM_NVME', created_at: now }] : []),
      ]);
      if (traits.length) await db.insertInto('node_traits').values(traits).execute();
    }
    rows.push([`seed ${NODES} nodes, ports and traits (store, bulk)`, `${((performance.now() - t0) / 1000).toFixed(1)} s`, '']);

    const get = async (path: string) => {
      const res = await fetch(`${api.url}${path}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${path} → ${res.status}`);
    };
    const cases: [string, string][] = [
      ['first page (50, by name)', '/ui/api/nodes'],
      [
        'filtered (state + 2 traits + maintenance)',
        '/ui/api/nodes?provision_state=available&trait=CUSTOM_GPU&trait=CUSTOM_NVME&maintenance=false',
      ],
      ['sorted (updated_at desc, 500)', '/ui/api/nodes?sort=updated_at&dir=desc&limit=500'],
      ['deep page (offset 9000)', '/ui/api/nodes?offset=9000'],
      ['q = name prefix', '/ui/api/nodes?q=bench-123'],
      ['q = UUID prefix', `/ui/api/nodes?q=${uuids[4242]!.slice(0, 8)}`],
      ['q = MAC without colons', '/ui/api/nodes?q=525400001a'],
      ['summary (HTTP, cached 2 s)', '/ui/api/summary'],
    ];
    for (const [label, path] of cases) rows.push([`GET ${label}`, ...(await timeRuns(() => get(path)))]);
    rows.push(['summary computed (uncached: GROUP BY + 3 lists)', ...(await timeRuns(() => fleetSummary(store).then(() => undefined)))]);
  } finally {
    await api.stop();
  }
  printTable(`Console API (/ui/api) at ${NODES} nodes, ${RUNS} sequential requests each`, rows);
}
