// Power-sync benchmark: `npm run bench -- power-sync`. Starts 50 ipmi_sim BMCs (TYR_BENCH_BMCS),
// enrolls one `ipmi` node per BMC in an in-process Tyr (temp SQLite), and times:
//   1. the conductor's own power-sync pass (sync_power_states), and
//   2. a bare driver pass: getPowerState for every node through IpmitoolPower with the same
//      bounded concurrency, with every ipmitool child counted.
// For each it prints the pass time, ipmitool calls per second and the event loop's longest stall.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Table from 'cli-table3';
import { TyrClient } from '../../client/index.js';
import type { Node } from '../../core/db/types.js';
import { IpmitoolPower } from '../../core/drivers/ipmitool/power.js';
import { IpmitoolResources } from '../../core/drivers/ipmitool/resources.js';
import { execChild } from '../../core/drivers/ipmitool/runner.js';
import { createLogger } from '../../core/log.js';
import { startServer } from '../../core/server.js';
import { mapLimit } from '../helpers/bench-util.js';
import { startBmcs, stopBmcs, type Bmc } from './lab/bmc.js';
import { powerSyncBenchConfig } from './power-sync-config.js';

const BMCS = Number(process.env.TYR_BENCH_BMCS ?? 50);
const WORKERS = Number(process.env.TYR_BENCH_WORKERS ?? 8);

interface PassResult {
  name: string;
  ms: number;
  calls: number;
  stallMs: number;
  nodes: number;
}

/** Runs `fn` while sampling the event loop; returns its duration and longest stall. */
async function measured(fn: () => Promise<{ calls: number; nodes: number }>): Promise<Omit<PassResult, 'name'>> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { ms, stallMs: h.max / 1e6, ...r };
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-sync-'));
  let bmcs: Bmc[] = [];
  const t0 = performance.now();
  try {
    bmcs = await startBmcs(BMCS);
    const startMs = performance.now() - t0;
    // Half on, half off, so a pass sees both answers.
    bmcs.forEach((b, i) => b.setPowerFile(i % 2 === 0));

    const config = powerSyncBenchConfig(dataDir, WORKERS);
    const server = await startServer(config);
    try {
      const client = new TyrClient({ url: `http://127.0.0.1:${server.apiPort}`, apiVersion: 'latest' });
      const uuids: string[] = [];
      await mapLimit(bmcs, 8, async (b) => {
        const n = await client.nodes.create({ driver: 'ipmi', name: b.name, driver_info: b.driverInfo() });
        uuids.push(n.uuid);
      });
      // Out of enroll (sync skips enroll nodes); verification reads each BMC's power state once.
      await mapLimit(uuids, 8, (u) => client.nodes.setProvisionState(u, 'manage'));
      await mapLimit(uuids, 8, async (u) => {
        await client.nodes.waitForProvisionState(u, 'manageable', { timeoutMs: 60000 });
      });

      const results: PassResult[] = [];
      // The nodes agree with their BMCs now, so each node costs exactly one `power status`.
      const conductorPass = await measured(async () => {
        const nodes = await server.conductor.syncPowerStates();
        return { nodes, calls: nodes };
      });
      results.push({ name: `conductor sync_power_states (${WORKERS} workers)`, ...conductorPass });
      const flipped = bmcs.filter((b, i) => b.powerState() !== (i % 2 === 0 ? 'on' : 'off')).length;
      if (flipped) console.warn(`note: the sync pass changed ${flipped} chassis, so it made more than one call per node`);

      const calls = { n: 0 };
      const ipmitool = new IpmitoolResources(config);
      const runner = ipmitool.runner(config, (req) => {
        calls.n++;
        return execChild(req);
      });
      const power = new IpmitoolPower(config, runner);
      const log = createLogger('info').child({ bench: 'power-sync' });
      const nodes: Node[] = await server.store.nodes.list({}, { limit: BMCS });
      const driverPass = await measured(async () => {
        await mapLimit(nodes, WORKERS, async (node) => {
          await power.getPowerState({ node, log, config });
        });
        return { nodes: nodes.length, calls: calls.n };
      });
      results.push({ name: `IpmitoolPower.getPowerState (${WORKERS} at once)`, ...driverPass });
      await ipmitool.close();

      const table = new Table({ head: ['pass', 'nodes', 'time (ms)', 'ipmitool calls', 'calls/s', 'longest event-loop stall (ms)'] });
      for (const r of results) {
        table.push([r.name, r.nodes, r.ms.toFixed(0), r.calls, (r.calls / (r.ms / 1000)).toFixed(1), r.stallMs.toFixed(1)]);
      }
      console.log(`${BMCS} ipmi_sim BMCs started in ${startMs.toFixed(0)} ms`);
      console.log(table.toString());
    } finally {
      await server.stop();
    }
  } finally {
    await stopBmcs(bmcs);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
