// Power-sync benchmark: `npm run bench -- power-sync`. Starts 500 ipmi_sim BMCs on loopback
// (TYR_BENCH_BMCS), enrolls one `ipmi` node per BMC in an in-process Tyr (temp SQLite), and times
// one full conductor sync_power_states pass with each IPMI client (`[ipmi] client`), side by
// side: pass time, CPU per status call (Tyr's own plus its exited ipmitool children), calls per
// second and the event loop's longest stall. Concurrency toward the BMCs is the conductor's own
// bound, `[conductor] sync_power_state_workers` (TYR_BENCH_WORKERS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Table from 'cli-table3';
import { TyrClient } from '../../client/index.js';
import type { IpmiClientKind } from '../../core/drivers/ipmitool/ipmi-client.js';
import { nativeIpmiFactory } from '../../core/drivers/ipmitool/native.js';
import { startServer } from '../../core/server.js';
import { mapLimit } from '../helpers/bench-util.js';
import { cpuNow, cpuSince } from './child-cpu.js';
import { startBmcs, stopBmcs, type Bmc } from './lab/bmc.js';
import { powerSyncBenchConfig } from './power-sync-config.js';

const BMCS = Number(process.env.TYR_BENCH_BMCS ?? 500);
const WORKERS = Number(process.env.TYR_BENCH_WORKERS ?? 16);
/** ipmi_sim processes started at once (each start is checked with one ipmitool call). */
const START_PARALLEL = Number(process.env.TYR_BENCH_START_PARALLEL ?? 16);
// Without the native client on this branch, `native` would be ipmitool again: left out.
const CLIENTS: IpmiClientKind[] = nativeIpmiFactory ? ['ipmitool', 'native'] : ['ipmitool'];
const TARGET_PASS_MS = 3000;
const TARGET_CPU_PER_CALL_MS = 2;

interface PassResult {
  /** The client, and for native whether its sessions were already open. */
  label: string;
  nodes: number;
  ms: number;
  selfCpuMs: number;
  childCpuMs: number;
  stallMs: number;
}

/**
 * The conductor's sync passes with one client. The nodes agree with their BMCs (half on, half
 * off), so each node costs exactly one status call. The native client's first pass opens a session
 * per BMC; its second reuses them, as every pass after the first does in service (keep-alive).
 */
async function syncPasses(dataDir: string, client: IpmiClientKind, bmcs: Bmc[], enroll: boolean): Promise<PassResult[]> {
  const server = await startServer(powerSyncBenchConfig(dataDir, WORKERS, client));
  try {
    if (enroll) await enrollManaged(`http://127.0.0.1:${server.apiPort}`, bmcs);
    const labels = client === 'native' ? ['native, opening sessions', 'native, sessions open'] : [client];
    const out: PassResult[] = [];
    for (const label of labels) out.push(await timedPass(label, () => server.conductor.syncPowerStates()));
    const flipped = bmcs.filter((b, i) => b.powerState() !== (i % 2 === 0 ? 'on' : 'off')).length;
    if (flipped) console.warn(`note: the ${client} passes changed ${flipped} chassis, so they made more than one call per node`);
    return out;
  } finally {
    await server.stop();
  }
}

async function timedPass(label: string, pass: () => Promise<number>): Promise<PassResult> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = cpuNow();
  h.enable();
  const t0 = performance.now();
  const nodes = await pass();
  const ms = performance.now() - t0;
  h.disable();
  const cpu = cpuSince(cpu0);
  return { label, nodes, ms, selfCpuMs: cpu.selfMs, childCpuMs: cpu.childrenMs, stallMs: h.max / 1e6 };
}

/** Creates a node per BMC and takes it out of enroll (sync skips enroll nodes). */
async function enrollManaged(url: string, bmcs: Bmc[]): Promise<void> {
  const client = new TyrClient({ url, apiVersion: 'latest' });
  const uuids: string[] = [];
  await mapLimit(bmcs, 8, async (b) => {
    const n = await client.nodes.create({ driver: 'ipmi', name: b.name, driver_info: b.driverInfo() });
    uuids.push(n.uuid);
  });
  await mapLimit(uuids, 8, (u) => client.nodes.setProvisionState(u, 'manage'));
  await mapLimit(uuids, 8, async (u) => {
    await client.nodes.waitForProvisionState(u, 'manageable', { timeoutMs: 120_000 });
  });
}

const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

function print(results: PassResult[]): void {
  const table = new Table({ head: ['figure', ...results.map((r) => r.label), 'target'] });
  const row = (name: string, f: (r: PassResult) => string) => table.push([name, ...results.map(f), '']);
  const target = (name: string, f: (r: PassResult) => [number, boolean], goal: string) =>
    table.push([name, ...results.map((r) => `${f(r)[0].toFixed(name.startsWith('CPU') ? 2 : 0)} ${verdict(f(r)[1])}`), goal]);
  row('nodes synced', (r) => String(r.nodes));
  target('pass time (ms)', (r) => [r.ms, r.ms < TARGET_PASS_MS], `< ${TARGET_PASS_MS}`);
  const perCall = (r: PassResult) => (r.selfCpuMs + r.childCpuMs) / r.nodes;
  target('CPU per status call (ms)', (r) => [perCall(r), perCall(r) < TARGET_CPU_PER_CALL_MS], `< ${TARGET_CPU_PER_CALL_MS}`);
  row('  of which ipmitool children (ms)', (r) => (r.childCpuMs / r.nodes).toFixed(2));
  row('calls/s', (r) => (r.nodes / (r.ms / 1000)).toFixed(0));
  row('longest event-loop stall (ms)', (r) => r.stallMs.toFixed(1));
  console.log(table.toString());
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-sync-'));
  let bmcs: Bmc[] = [];
  try {
    const t0 = performance.now();
    bmcs = await startBmcs(BMCS, { parallel: START_PARALLEL });
    console.log(`${BMCS} ipmi_sim BMCs started in ${(performance.now() - t0).toFixed(0)} ms (${START_PARALLEL} at once)`);
    // Half on, half off, so a pass sees both answers.
    bmcs.forEach((b, i) => b.setPowerFile(i % 2 === 0));
    const results: PassResult[] = [];
    // One database: the first server enrolls, the next reopens it with the other client.
    for (const [i, client] of CLIENTS.entries()) results.push(...(await syncPasses(dataDir, client, bmcs, i === 0)));
    if (!nativeIpmiFactory) console.log('note: the native IPMI client is not built in (core/drivers/ipmitool/native.ts)');
    console.log(
      `power sync, ${BMCS} BMCs, ${WORKERS} sync workers ([conductor] sync_power_state_workers), ${os.cpus().length} CPUs, ` +
        `load average ${os.loadavg()[0]!.toFixed(1)} (the BMCs share the CPUs: ipmi_sim runs a chassis-control script per status)`,
    );
    print(results);
  } finally {
    await stopBmcs(bmcs);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
