// Redfish power-sync benchmark: `npm run bench -- redfish`. Starts 1,000 memory-mode Redfish
// simulators in this process (TYR_BENCH_REDFISH_BMCS; HTTPS with their self-signed certificates,
// verified), enrolls one `redfish` node per BMC in an in-process Tyr (temp SQLite) and takes them
// to manageable, then times one pass of the conductor's real power sync. Prints the pass time
// beside its target, the requests the BMCs saw, and the sessions opened and closed (equal once
// the service has stopped: every session is deleted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Table from 'cli-table3';
import { TyrClient } from '../../client/index.js';
import { startServer } from '../../core/server.js';
import { mapLimit } from '../helpers/bench-util.js';
import { startRedfishSim, type RedfishSim } from './lab/redfish-sim/index.js';
import { powerSyncBenchConfig } from './power-sync-config.js';

const BMCS = Number(process.env.TYR_BENCH_REDFISH_BMCS ?? 1000);
const WORKERS = Number(process.env.TYR_BENCH_WORKERS ?? 100);
const TARGET_MS = 5000;

const sum = (sims: RedfishSim[], pick: (s: RedfishSim) => number) => sims.reduce((n, s) => n + pick(s), 0);

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-redfish-'));
  const sims: RedfishSim[] = [];
  const t0 = performance.now();
  try {
    await mapLimit(
      Array.from({ length: BMCS }, (_, i) => i),
      50,
      async (i) => {
        const sim = await startRedfishSim();
        // Half on, half off, so a pass sees both answers.
        sim.state.powerState = i % 2 === 0 ? 'On' : 'Off';
        sims.push(sim);
      },
    );
    const startMs = performance.now() - t0;
    const config = powerSyncBenchConfig(dataDir, WORKERS);
    const server = await startServer(config);
    let passMs = 0;
    let stallMs = 0;
    let nodes = 0;
    let passRequests = 0;
    let enrollMs = 0;
    try {
      const client = new TyrClient({ url: `http://127.0.0.1:${server.apiPort}`, apiVersion: 'latest' });
      const t1 = performance.now();
      const uuids: string[] = [];
      await mapLimit(sims, 16, async (sim) => {
        uuids.push((await client.nodes.create({ driver: 'redfish', driver_info: sim.driverInfo() })).uuid);
      });
      // Out of enroll (sync skips enroll nodes); verification reads each BMC's power state once.
      await mapLimit(uuids, 16, (u) => client.nodes.setProvisionState(u, 'manage'));
      await mapLimit(uuids, 16, async (u) => {
        await client.nodes.waitForProvisionState(u, 'manageable', { timeoutMs: 300_000 });
      });
      enrollMs = performance.now() - t1;

      const before = sum(sims, (s) => s.stats.requests);
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      const t2 = performance.now();
      nodes = await server.conductor.syncPowerStates();
      passMs = performance.now() - t2;
      h.disable();
      stallMs = h.max / 1e6;
      passRequests = sum(sims, (s) => s.stats.requests) - before;
    } finally {
      await server.stop();
    }

    const opened = sum(sims, (s) => s.stats.sessionsOpened);
    const closed = sum(sims, (s) => s.stats.sessionsClosed);
    const table = new Table({ head: ['measure', 'value', 'target'] });
    table.push(
      ['power-sync pass (ms)', passMs.toFixed(0), `< ${TARGET_MS} ${passMs < TARGET_MS ? 'ok' : 'MISSED'}`],
      ['nodes in the pass', nodes, BMCS],
      ['Redfish requests in the pass', passRequests, `${BMCS} (one GET per node)`],
      ['longest event-loop stall (ms)', stallMs.toFixed(1), ''],
      ['sessions opened', opened, `${BMCS} (one per BMC)`],
      ['sessions closed after stop', closed, `= opened ${opened === closed ? 'ok' : 'MISMATCH'}`],
    );
    console.log(
      `${BMCS} Redfish sims (HTTPS) started in ${startMs.toFixed(0)} ms; enrolled and managed in ${enrollMs.toFixed(0)} ms; ` +
        `${WORKERS} sync workers, at most ${config.redfish.max_in_flight} requests in flight, ${config.redfish.max_in_flight_per_bmc} per BMC`,
    );
    console.log(table.toString());
  } finally {
    await mapLimit(sims, 50, (s) => s.stop());
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
