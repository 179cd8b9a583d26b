// API benchmark: `npm run bench -- api`. Starts `tyr server` as a child process from the esbuild
// bundle (so the RSS is the server's own) on a throw-away SQLite database, enrolls 10,000 nodes
// through the API, then measures list pages, detail pages, single-node GETs at 8 concurrent
// keep-alive clients, and a 50-node manage → provide → deploy → undeploy on fake hardware.
// The load comes from a separate process (test/helpers/http-load.ts) so that the client's CPU is
// not the server's; the server's own CPU time per request is printed beside each rate, since on a
// shared machine it is steadier than wall time.
// TYR_BENCH_NODE_FLAGS passes Node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof";
// the server takes the rest of its environment from the bench's (e.g. TYR_DATABASE_SQLITE_SYNCHRONOUS=full).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../helpers/ports.js';
import { pct, printTable, type BenchRow } from '../helpers/bench-util.js';
import { loadInChild, type LoadJob, type LoadResult } from '../helpers/http-load.js';
import { bundledTyr, rssMb } from '../helpers/tyr-bundle.js';
import { runLifecycle } from '../helpers/api-lifecycle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const CLIENTS = 8;
const SHOW_SECONDS = 5;
const PAGE_SAMPLES = 20;
const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' };

async function startServer(dataDir: string): Promise<{ proc: ChildProcess; origin: string }> {
  const port = await freeTcpPort();
  const nodeFlags = (process.env.TYR_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const [first, ...rest] = await bundledTyr();
  const proc = spawn(
    process.execPath,
    [
      ...nodeFlags,
      first!,
      ...rest,
      'server',
      '--data-dir',
      dataDir,
      '--api-port',
      String(port),
      '--tftp-port',
      '0',
      '--boot-http-port',
      '0',
    ],
    { cwd: ROOT, env: { ...process.env, TYR_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Tyr API listening')) resolve();
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`tyr server exited ${code} before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`tyr server did not start in 30 s:\n${out}`)), 30_000).unref();
  });
  // Keep draining its output: a full pipe would stall the server.
  proc.stdout.resume();
  proc.stderr.resume();
  return { proc, origin: `http://127.0.0.1:${port}` };
}

/** The server's user + system CPU so far, in ms (from /proc; clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs a load job and also returns the server CPU it cost per request. */
async function measured(pid: number, job: Omit<LoadJob, 'headers'>): Promise<LoadResult & { cpuPerRequestMs: number }> {
  const cpu0 = cpuMs(pid);
  const result = await loadInChild({ headers: HEADERS, ...job });
  return { ...result, cpuPerRequestMs: (cpuMs(pid) - cpu0) / result.count };
}

const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-api-'));
  const server = await startServer(dataDir);
  const pid = server.proc.pid!;
  const rows: BenchRow[] = [];
  try {
    rows.push(['server RSS at start (empty database)', `${rssMb(pid).toFixed(0)} MB`, '', '']);

    const creates = await measured(pid, {
      origin: server.origin,
      clients: CLIENTS,
      total: NODES,
      collectUuids: true,
      requests: Array.from({ length: NODES }, (_, i) => ({
        method: 'POST',
        path: '/v1/nodes',
        body: JSON.stringify({
          driver: 'fake-hardware',
          name: `bench-${i}`,
          driver_info: { ipmi_password: 'x' },
          properties: { cpus: 8, memory_mb: 65536 },
        }),
      })),
    });
    const uuids = creates.uuids;
    const createRate = creates.count / creates.seconds;
    rows.push(['server RSS after the creates', `${rssMb(pid).toFixed(0)} MB`, '', '']);
    rows.push([
      `POST /v1/nodes (${CLIENTS} clients)`,
      `${createRate.toFixed(0)} nodes/s, p95 ${pct(creates.latencies, 95).toFixed(1)} ms, ${creates.cpuPerRequestMs.toFixed(2)} ms CPU each`,
      '≥ 1,000 /s',
      pass(createRate >= 1000),
    ]);

    for (const [label, pagePath, targetMs] of [
      ['GET /v1/nodes?limit=1000', '/v1/nodes?limit=1000', 20],
      ['GET /v1/nodes/detail?limit=1000', '/v1/nodes/detail?limit=1000', 40],
    ] as const) {
      const job = { origin: server.origin, clients: 1 };
      await loadInChild({ ...job, headers: HEADERS, total: 3, requests: [{ method: 'GET', path: pagePath }] }); // warm-up
      const pages = await measured(pid, {
        ...job,
        total: PAGE_SAMPLES,
        requests: Array.from({ length: PAGE_SAMPLES }, (_, i) => ({
          method: 'GET' as const,
          path: `${pagePath}&marker=${uuids[(i * 397) % Math.max(1, uuids.length - 1000)]}`,
        })),
      });
      const p50 = pct(pages.latencies, 50);
      rows.push([
        label,
        `p50 ${p50.toFixed(1)} ms, p95 ${pct(pages.latencies, 95).toFixed(1)} ms, ${pages.cpuPerRequestMs.toFixed(1)} ms CPU each`,
        `p50 < ${targetMs} ms`,
        pass(p50 < targetMs),
      ]);
    }

    const shows = await measured(pid, {
      origin: server.origin,
      clients: CLIENTS,
      seconds: SHOW_SECONDS,
      requests: Array.from({ length: 5000 }, (_, i) => ({ method: 'GET' as const, path: `/v1/nodes/${uuids[(i * 7919) % uuids.length]}` })),
    });
    const showRate = shows.count / shows.seconds;
    const showP95 = pct(shows.latencies, 95);
    rows.push([
      `GET /v1/nodes/{uuid} (${CLIENTS} clients, ${SHOW_SECONDS} s)`,
      `${showRate.toFixed(0)} req/s, p50 ${pct(shows.latencies, 50).toFixed(2)} ms, p95 ${showP95.toFixed(2)} ms, ${shows.cpuPerRequestMs.toFixed(3)} ms CPU each`,
      '≥ 3,000 req/s, p95 < 10 ms',
      pass(showRate >= 3000 && showP95 < 10),
    ]);

    const lifecycle = await runLifecycle(`${server.origin}/v1`, HEADERS);
    rows.push([
      `${lifecycle.nodes}-node manage → provide → deploy → undeploy (fake)`,
      `${lifecycle.seconds.toFixed(2)} s (${lifecycle.steps})`,
      '< 0.5 s',
      pass(lifecycle.seconds < 0.5),
    ]);

    const rss = rssMb(pid);
    rows.push(['server RSS after all of it', `${rss.toFixed(0)} MB`, '< 120 MB', pass(rss < 120)]);
  } finally {
    await new Promise<void>((resolve) => {
      if (server.proc.exitCode !== null) return resolve();
      server.proc.once('exit', () => resolve());
      server.proc.kill('SIGTERM');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(
    `Tyr API benchmark: ${NODES} nodes, SQLite (synchronous=${process.env.TYR_DATABASE_SQLITE_SYNCHRONOUS ?? 'normal'}), server as a child process (esbuild bundle), load from a separate process, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
    rows,
  );
}
