// API benchmark: `npm run bench -- api`. Starts `tyr server` as a child process from the esbuild
// bundle (so the RSS is the server's own) on a throw-away SQLite database, enrolls 10,000 nodes through the API, then
// measures list pages, detail pages and single-node GETs at 8 concurrent clients.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../helpers/ports.js';
import { pct, pool, printTable } from '../helpers/bench-util.js';
import { bundledTyr, rssMb } from '../helpers/tyr-bundle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const CREATE_CONCURRENCY = 8;
const CLIENTS = 8;
const SHOW_SECONDS = 5;
const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' };

async function timed(url: string, init?: RequestInit): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: HEADERS, ...init });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status}`);
  return performance.now() - t0;
}

async function startServer(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freeTcpPort();
  const proc = spawn(
    process.execPath,
    [...(await bundledTyr()), 'server', '--data-dir', dataDir, '--api-port', String(port), '--tftp-port', '0', '--boot-http-port', '0'],
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
  return { proc, url: `http://127.0.0.1:${port}` };
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-api-'));
  const server = await startServer(dataDir);
  const base = `${server.url}/v1`;
  const rows: [string, string, string][] = [];
  try {
    rows.push(['server RSS at start (empty database)', `${rssMb(server.proc.pid!).toFixed(0)} MB`, '']);
    const uuids: string[] = [];
    const t0 = performance.now();
    await pool(NODES, CREATE_CONCURRENCY, async (i) => {
      const res = await fetch(`${base}/nodes`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({
          driver: 'fake-hardware',
          name: `bench-${i}`,
          driver_info: { ipmi_password: 'x' },
          properties: { cpus: 8, memory_mb: 65536 },
        }),
      });
      const body = (await res.json()) as { uuid: string };
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(body)}`);
      uuids.push(body.uuid);
    });
    const createSecs = (performance.now() - t0) / 1000;
    rows.push(['server RSS after the creates', `${rssMb(server.proc.pid!).toFixed(0)} MB`, '']);
    rows.push([
      'create (POST /v1/nodes, 8 clients)',
      `${(NODES / createSecs).toFixed(0)} nodes/s (${createSecs.toFixed(1)} s for ${NODES})`,
      '',
    ]);

    for (const [label, url, target] of [
      ['GET /v1/nodes?limit=1000', `${base}/nodes?limit=1000`, ''],
      ['GET /v1/nodes/detail?limit=1000', `${base}/nodes/detail?limit=1000`, '< 150 ms'],
    ] as const) {
      for (let i = 0; i < 3; i++) await timed(url); // warm-up
      const times: number[] = [];
      for (let i = 0; i < 20; i++) times.push(await timed(`${url}&marker=${uuids[(i * 397) % (uuids.length - 1000)]}`));
      times.sort((a, b) => a - b);
      rows.push([label, `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`, target]);
    }

    const showTimes: number[] = [];
    const until = performance.now() + SHOW_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = c; performance.now() < until; i += CLIENTS)
          showTimes.push(await timed(`${base}/nodes/${uuids[(i * 7919) % uuids.length]}`));
      }),
    );
    showTimes.sort((a, b) => a - b);
    rows.push([
      `GET /v1/nodes/{uuid} (${CLIENTS} clients, ${SHOW_SECONDS} s)`,
      `${(showTimes.length / SHOW_SECONDS).toFixed(0)} req/s, p50 ${pct(showTimes, 50).toFixed(2)} ms, p95 ${pct(showTimes, 95).toFixed(2)} ms`,
      'p95 < 10 ms',
    ]);
    rows.push(['server RSS after the run', `${rssMb(server.proc.pid!).toFixed(0)} MB`, '< 150 MB']);
  } finally {
    await new Promise<void>((resolve) => {
      if (server.proc.exitCode !== null) return resolve();
      server.proc.once('exit', () => resolve());
      server.proc.kill('SIGTERM');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(`Tyr API benchmark: ${NODES} nodes, SQLite, server as a child process (esbuild bundle), ${os.cpus().length} CPUs`, rows);
}
