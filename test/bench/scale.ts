// Scale-out benchmark: `npm run bench -- scale`. Three `tyr conductor` and two `tyr api`
// processes (the esbuild bundle, as an operator runs them) on one throw-away PostgreSQL, and
// 10,000 fake-hardware nodes (TYR_BENCH_NODES to change). It measures the provide → deploy →
// undeploy cycle of every node, API throughput at 32 concurrent clients, each process's memory,
// each conductor's power-sync pass against its interval, and the time to rebalance after a
// conductor is killed.
import os from 'node:os';
import { pct, pool, printTable } from '../helpers/bench-util.js';
import { FleetApi } from '../helpers/fleet-api.js';
import { stopPostgres } from '../helpers/postgres.js';
import { startTyrCluster, type TyrCluster } from '../helpers/tyr-cluster.js';
import { bundledTyr, peakRssMb, rssMb } from '../helpers/tyr-bundle.js';

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const CLIENTS = 32;
const THROUGHPUT_SECONDS = 10;
const CONDUCTORS = ['bench-c1', 'bench-c2', 'bench-c3'];
const SYNC_INTERVAL = 30;
const HEARTBEAT = { interval: 2, timeout: 10, ringReset: 5 };
const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' };

type Row = [string, string, string];
/** Where a node lands when the verb fails, to stop waiting early. */
const FAILED_STATE: Record<string, string> = { provide: 'clean failed', active: 'deploy failed', deleted: 'clean failed' };

class Bench {
  readonly uuids: string[] = [];
  private readonly api: FleetApi;

  constructor(private readonly cluster: TyrCluster) {
    this.api = new FleetApi(() => cluster.apis.map((a) => a.url));
  }

  /** Round-robin over the API processes, like a load balancer. */
  apiUrl(): string {
    return this.api.url();
  }

  call(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.api.call(method, path, body);
  }

  countInState(state: string): Promise<number> {
    return this.api.countInState(state);
  }

  /** Sends `verb` to every node (32 clients), then waits until all are in `state`; returns seconds. */
  async phase(verb: string, state: string): Promise<number> {
    const t0 = performance.now();
    await pool(this.uuids.length, CLIENTS, async (i) => {
      await this.call('PUT', `/v1/nodes/${this.uuids[i]}/states/provision`, { target: verb });
    });
    for (;;) {
      if ((await this.countInState(state)) === this.uuids.length) break;
      const failedState = FAILED_STATE[verb];
      const failed = failedState ? await this.countInState(failedState) : 0;
      if (failed) throw new Error(`${failed} nodes ended in "${failedState}" during "${verb}"`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    return (performance.now() - t0) / 1000;
  }

  /** Requests per second and latency of `path(i)` at 32 clients for THROUGHPUT_SECONDS. */
  async throughput(path: (i: number) => string): Promise<string> {
    const times: number[] = [];
    const end = performance.now() + THROUGHPUT_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = c; performance.now() < end; i += CLIENTS) {
          const t0 = performance.now();
          const res = await fetch(`${this.apiUrl()}${path(i)}`, { headers: HEADERS });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`GET ${path(i)} → ${res.status}`);
          times.push(performance.now() - t0);
        }
      }),
    );
    times.sort((a, b) => a - b);
    return `${(times.length / THROUGHPUT_SECONDS).toFixed(0)} req/s, p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`;
  }
}

/** Watches conductors' logs for finished power-sync passes: longest pass and nodes, per conductor. */
function watchPowerSync(cluster: TyrCluster): Map<string, { passes: number; maxMs: number; nodes: number }> {
  const seen = new Map<string, { passes: number; maxMs: number; nodes: number }>();
  for (const c of cluster.conductors.values()) {
    let partial = '';
    c.service.proc.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.includes('power sync pass finished')) continue;
        const { nodes, ms } = JSON.parse(line) as { nodes: number; ms: number };
        const s = seen.get(c.host) ?? { passes: 0, maxMs: 0, nodes: 0 };
        seen.set(c.host, { passes: s.passes + 1, maxMs: Math.max(s.maxMs, ms), nodes: Math.max(s.nodes, nodes) });
      }
    });
  }
  return seen;
}

function memoryRows(cluster: TyrCluster): Row[] {
  const rows: Row[] = [];
  cluster.apis.forEach((a, i) =>
    rows.push([
      `RSS tyr api #${i + 1} (now / peak)`,
      `${rssMb(a.service.proc.pid!).toFixed(0)} / ${peakRssMb(a.service.proc.pid!).toFixed(0)} MB`,
      '',
    ]),
  );
  for (const c of cluster.conductors.values()) {
    if (c.service.proc.exitCode !== null || c.service.proc.signalCode !== null) continue;
    rows.push([
      `RSS tyr conductor ${c.host} (now / peak)`,
      `${rssMb(c.service.proc.pid!).toFixed(0)} / ${peakRssMb(c.service.proc.pid!).toFixed(0)} MB`,
      '',
    ]);
  }
  return rows;
}

/** Kills one conductor; seconds until its nodes answer power calls through the API again. */
async function rebalance(bench: Bench, cluster: TyrCluster): Promise<{ offline: number; served: number; moved: number }> {
  const victim = CONDUCTORS[1]!;
  const owned: string[] = [];
  for (const uuid of bench.uuids.slice(0, 600)) {
    const node = (await bench.call('GET', `/v1/nodes/${uuid}?fields=uuid,conductor`)) as { conductor: string };
    if (node.conductor === victim) owned.push(uuid);
  }
  const sample = owned.slice(0, 20);
  const t0 = performance.now();
  await cluster.conductors.get(victim)!.service.kill('SIGKILL');
  let served = 0;
  await Promise.all(
    sample.map(async (uuid) => {
      // A power call reaches a conductor only once the ring has moved the node to a survivor.
      for (;;) {
        const res = await fetch(`${bench.apiUrl()}/v1/nodes/${uuid}/states/power`, {
          method: 'PUT',
          headers: HEADERS,
          body: JSON.stringify({ target: 'power on' }),
        });
        await res.arrayBuffer();
        if (res.status === 202) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      served = Math.max(served, (performance.now() - t0) / 1000);
    }),
  );
  let offline: number;
  for (;;) {
    const res = await fetch(`${bench.apiUrl()}/v1/conductors/${victim}`, { headers: HEADERS });
    const body = (await res.json()) as { alive?: boolean };
    if (body.alive === false) {
      offline = (performance.now() - t0) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { offline, served, moved: owned.length };
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  const launcher = await bundledTyr();
  const cluster = await startTyrCluster({
    conductors: CONDUCTORS,
    apis: 2,
    launcher,
    env: {
      TYR_LOG_LEVEL: 'info',
      TYR_CONDUCTOR_HEARTBEAT_INTERVAL: String(HEARTBEAT.interval),
      TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: String(HEARTBEAT.timeout),
      TYR_CONDUCTOR_HASH_RING_RESET_INTERVAL: String(HEARTBEAT.ringReset),
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: String(SYNC_INTERVAL),
    },
  });
  const syncs = watchPowerSync(cluster);
  const bench = new Bench(cluster);
  try {
    let t0 = performance.now();
    await pool(NODES, CLIENTS, async (i) => {
      const node = (await bench.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: `scale-${i}` })) as { uuid: string };
      bench.uuids[i] = node.uuid;
    });
    const createSecs = (performance.now() - t0) / 1000;
    rows.push([
      `create ${NODES} nodes (POST, ${CLIENTS} clients)`,
      `${createSecs.toFixed(1)} s (${(NODES / createSecs).toFixed(0)} nodes/s)`,
      '',
    ]);
    rows.push([`manage (enroll → manageable)`, `${(await bench.phase('manage', 'manageable')).toFixed(1)} s`, '']);

    t0 = performance.now();
    const provide = await bench.phase('provide', 'available');
    const deploy = await bench.phase('active', 'active');
    const undeploy = await bench.phase('deleted', 'available');
    const cycle = (performance.now() - t0) / 1000;
    rows.push(['  provide (manageable → cleaning → available)', `${provide.toFixed(1)} s`, '']);
    rows.push(['  deploy (available → active)', `${deploy.toFixed(1)} s`, '']);
    rows.push(['  undeploy (active → cleaning → available)', `${undeploy.toFixed(1)} s`, '']);
    rows.push([
      `provide → deploy → undeploy, all ${NODES} nodes`,
      `${cycle.toFixed(1)} s (${(NODES / cycle).toFixed(0)} node cycles/s)`,
      '',
    ]);

    rows.push([
      `GET /v1/nodes/{uuid}, ${CLIENTS} clients, 2 APIs`,
      await bench.throughput((i) => `/v1/nodes/${bench.uuids[(i * 7919) % NODES]}`),
      '',
    ]);
    rows.push([
      `GET /v1/nodes?limit=100, ${CLIENTS} clients, 2 APIs`,
      await bench.throughput((i) => `/v1/nodes?limit=100&marker=${bench.uuids[(i * 7919) % NODES]}`),
      '',
    ]);

    // Every conductor has run at least one power-sync pass over its nodes by now, or does shortly.
    const deadline = performance.now() + (SYNC_INTERVAL + 60) * 1000;
    while (CONDUCTORS.some((h) => !syncs.get(h)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    for (const host of CONDUCTORS) {
      const s = syncs.get(host);
      rows.push([
        `power-sync pass, ${host}`,
        s ? `longest ${(s.maxMs / 1000).toFixed(2)} s of ${s.passes} passes, ${s.nodes} nodes` : 'no pass finished',
        `< ${SYNC_INTERVAL} s interval`,
      ]);
    }
    rows.push(...memoryRows(cluster));

    const r = await rebalance(bench, cluster);
    rows.push([
      `rebalance after SIGKILL of a conductor`,
      `its nodes served again after ${r.served.toFixed(1)} s; marked dead after ${r.offline.toFixed(1)} s`,
      `~ heartbeat_timeout ${HEARTBEAT.timeout} s + ring ${HEARTBEAT.ringReset} s`,
    ]);
  } finally {
    await cluster.stop();
    stopPostgres();
  }
  printTable(
    `Tyr scale-out benchmark: ${NODES} fake-hardware nodes, PostgreSQL, 3 conductors + 2 API processes (esbuild bundle), ${os.cpus().length} CPUs`,
    rows,
  );
}
