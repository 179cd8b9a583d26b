// Memory soak: `npm run bench -- soak`. One `tyr server` (the esbuild bundle, as an operator runs
// it, so the RSS is the server's own), temp SQLite, 10,000 fake-hardware nodes taken to
// manageable (TYR_SOAK_NODES to change), power sync every 60 s. It prints the server's RSS every
// minute for 30 minutes (TYR_SOAK_MINUTES), then the first and last figures, the peak and the
// slope of a least-squares line through the samples after the first pass, beside the targets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pool, printTable } from '../helpers/bench-util.js';
import { bundledTyr, peakRssMb, rssMb } from '../helpers/tyr-bundle.js';
import { startTyrService, type TyrService } from '../helpers/tyr-process.js';
import { freeTcpPort } from '../helpers/ports.js';

const NODES = Number(process.env.TYR_SOAK_NODES ?? 10_000);
const MINUTES = Number(process.env.TYR_SOAK_MINUTES ?? 30);
const SYNC_INTERVAL = 60;
const CLIENTS = 16;
const RSS_TARGET_MB = 150;
/** "No growth": what is left after the first minute may drift by less than this. */
const SLOPE_TARGET_MB_PER_MIN = 0.5;
const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' };

type Row = [string, string, string];

async function call(base: string, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(base + p, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function countInState(base: string, state: string): Promise<number> {
  let count = 0;
  let marker = '';
  for (;;) {
    const page = await call(base, 'GET', `/v1/nodes?provision_state=${state}&fields=uuid&limit=1000${marker}`);
    count += page.nodes.length;
    if (page.nodes.length < 1000) return count;
    marker = `&marker=${page.nodes.at(-1).uuid}`;
  }
}

/** MB per minute of the least-squares line through (minute, MB). */
export function slope(samples: { minute: number; mb: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, p) => s + p.minute, 0) / n;
  const my = samples.reduce((s, p) => s + p.mb, 0) / n;
  const num = samples.reduce((s, p) => s + (p.minute - mx) * (p.mb - my), 0);
  const den = samples.reduce((s, p) => s + (p.minute - mx) ** 2, 0);
  return den ? num / den : 0;
}

/** Counts "power sync pass finished" lines, with the nodes and time of the last. */
function watchPasses(service: TyrService): { passes: number; last?: { nodes: number; ms: number } } {
  const seen: { passes: number; last?: { nodes: number; ms: number } } = { passes: 0 };
  let partial = '';
  service.proc.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.includes('power sync pass finished')) continue;
      const { nodes, ms } = JSON.parse(line) as { nodes: number; ms: number };
      seen.passes++;
      seen.last = { nodes, ms };
    }
  });
  return seen;
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-soak-'));
  const port = await freeTcpPort();
  const base = `http://127.0.0.1:${port}`;
  const launcher = await bundledTyr();
  const service = await startTyrService(
    ['server', '--api-port', String(port), '--boot-http-port', '0', '--tftp-port', '0', '--data-dir', dataDir],
    { TYR_LOG_LEVEL: 'info', TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: String(SYNC_INTERVAL) },
    `${base}/`,
    { timeoutMs: 60_000, launcher },
  );
  const pid = service.proc.pid!;
  const passes = watchPasses(service);
  const rows: Row[] = [];
  const samples: { minute: number; mb: number }[] = [];
  try {
    const t0 = performance.now();
    await pool(NODES, CLIENTS, async (i) => {
      const node = await call(base, 'POST', '/v1/nodes', { driver: 'fake-hardware', name: `soak-${i}` });
      await call(base, 'PUT', `/v1/nodes/${node.uuid}/states/provision`, { target: 'manage' });
    });
    while ((await countInState(base, 'manageable')) < NODES) await new Promise((r) => setTimeout(r, 1000));
    rows.push([`enroll + manage ${NODES} fake-hardware nodes`, `${((performance.now() - t0) / 1000).toFixed(0)} s`, '']);

    const start = performance.now();
    console.log(`soak: ${NODES} nodes, power sync every ${SYNC_INTERVAL} s, RSS every minute for ${MINUTES} min (server pid ${pid})`);
    for (let minute = 0; minute <= MINUTES; minute++) {
      const wait = start + minute * 60_000 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const mb = rssMb(pid);
      samples.push({ minute, mb });
      console.log(
        `  minute ${String(minute).padStart(2)}: RSS ${mb.toFixed(1)} MB, ${passes.passes} sync passes` +
          (passes.last ? ` (last: ${passes.last.nodes} nodes in ${passes.last.ms} ms)` : ''),
      );
    }
    const first = samples[0]!.mb;
    const last = samples.at(-1)!.mb;
    const peak = peakRssMb(pid);
    // The first pass and the first minute's allocations settle the heap; growth is judged after.
    const settled = samples.filter((s) => s.minute >= 1);
    const s = slope(settled);
    const ok = (b: boolean) => (b ? 'pass' : 'FAIL');
    rows.push([
      `RSS first / last (minute 0 / ${MINUTES})`,
      `${first.toFixed(0)} / ${last.toFixed(0)} MB`,
      `< ${RSS_TARGET_MB} MB: ${ok(last < RSS_TARGET_MB)}`,
    ]);
    rows.push(['RSS peak (VmHWM)', `${peak.toFixed(0)} MB`, `< ${RSS_TARGET_MB} MB: ${ok(peak < RSS_TARGET_MB)}`]);
    rows.push([
      'RSS slope after minute 1',
      `${s >= 0 ? '+' : ''}${s.toFixed(2)} MB/min`,
      `< ${SLOPE_TARGET_MB_PER_MIN} MB/min: ${ok(s < SLOPE_TARGET_MB_PER_MIN)}`,
    ]);
    rows.push([
      'power-sync passes',
      `${passes.passes}${passes.last ? `, last ${passes.last.nodes} nodes in ${(passes.last.ms / 1000).toFixed(1)} s` : ''}`,
      `≥ ${Math.max(1, MINUTES - 1)}, each < ${SYNC_INTERVAL} s`,
    ]);
  } finally {
    await service.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(
    `Tyr memory soak: ${NODES} fake-hardware nodes, SQLite, one tyr server (esbuild bundle), ${MINUTES} min, ${os.cpus().length} CPUs`,
    rows,
  );
}
