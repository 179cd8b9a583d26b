// Boot-storm benchmark: `npm run bench -- boot-storm`. A rack's power comes back and 1,000
// machines (TYR_STORM_MACHINES) PXE boot at once, arriving over 2 s (TYR_STORM_SPREAD_MS). Each
// is a `redfish` node (in-process Redfish simulators, memory mode) with iPXE boot and the agent's
// direct deploy, deployed to "wait call-back" first. Each machine fetches boot.ipxe, its per-MAC
// script, the kernel's first 64 KiB, then does the agent lookup and first heartbeat; the
// conductor then drives the stand-in agents (storm/agents.ts). Run twice: one `tyr server` on
// SQLite, then 3 conductors + 2 API processes on PostgreSQL (esbuild bundle, as scale.ts).
// TYR_STORM_CPU_PROF=<dir> writes each Tyr process's CPU profile there; TYR_STORM_ONLY=single|cluster runs one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Table from 'cli-table3';
import { mapLimit } from '../helpers/bench-util.js';
import { freeTcpPort } from '../helpers/ports.js';
import { stopPostgres } from '../helpers/postgres.js';
import { bundledTyr } from '../helpers/tyr-bundle.js';
import { startTyrCluster } from '../helpers/tyr-cluster.js';
import { startTyrService } from '../helpers/tyr-process.js';
import { startRedfishSim, type RedfishSim } from './lab/redfish-sim/index.js';
import { startStormAgents, type StormAgents } from './storm/agents.js';
import { StormApi, fleetInWaitCallBack } from './storm/fleet.js';
import { errorSummary, runStorm, stormRows, writeBootFiles } from './storm/storm.js';

const MACHINES = Number(process.env.TYR_STORM_MACHINES ?? 1000);
const SPREAD_MS = Number(process.env.TYR_STORM_SPREAD_MS ?? 2000);
const PROFILE_DIR = process.env.TYR_STORM_CPU_PROF;
const ONLY = process.env.TYR_STORM_ONLY;
/** User + system CPU seconds the processes have used (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

/** What every Tyr process runs with: no automated cleaning (the agents are stand-ins), operator logging. */
const ENV = { TYR_CONDUCTOR_AUTOMATED_CLEAN: 'false', TYR_LOG_LEVEL: 'info' };

interface Setup {
  /** API URLs, for enrolling. */
  apis: string[];
  /** Boot servers machines are pointed at (round-robin, as DHCP across conductors). */
  bootUrls: string[];
  /** Data directories of the processes that serve boot files. */
  bootDataDirs: string[];
  /** The Tyr processes, for their CPU time. */
  pids: number[];
  stop(): Promise<void>;
}

async function launcher(): Promise<string[]> {
  const [...args] = await bundledTyr();
  if (!PROFILE_DIR) return args;
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', path.resolve(PROFILE_DIR), ...args];
}

async function singleServer(): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-storm-'));
  const [apiPort, bootPort] = [await freeTcpPort(), await freeTcpPort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const service = await startTyrService(
    ['server', '--api-port', String(apiPort), '--boot-http-port', String(bootPort), '--tftp-port', '0', '--data-dir', dataDir],
    { ...ENV, TYR_API_PUBLIC_URL: api, TYR_BOOT_PUBLIC_URL: `http://127.0.0.1:${bootPort}` },
    `${api}/`,
    { timeoutMs: 60_000, launcher: await launcher() },
  );
  return {
    apis: [api],
    bootUrls: [`http://127.0.0.1:${bootPort}`],
    bootDataDirs: [dataDir],
    pids: [service.proc.pid!],
    stop: async () => {
      await service.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function threeConductors(): Promise<Setup> {
  const cluster = await startTyrCluster({
    conductors: ['storm-c1', 'storm-c2', 'storm-c3'],
    apis: 2,
    bootHttp: true,
    launcher: await launcher(),
    env: ENV,
  });
  const conductors = [...cluster.conductors.values()];
  return {
    apis: cluster.apis.map((a) => a.url),
    bootUrls: conductors.map((c) => c.bootUrl!),
    bootDataDirs: conductors.map((c) => c.dataDir),
    pids: [...conductors, ...cluster.apis].map((p) => p.service.proc.pid!),
    stop: async () => {
      await cluster.stop();
      stopPostgres();
    },
  };
}

async function measure(title: string, setup: Setup, sims: RedfishSim[], agents: StormAgents): Promise<void> {
  try {
    for (const dir of setup.bootDataDirs) writeBootFiles(dir);
    const t0 = performance.now();
    const uuids = await fleetInWaitCallBack(new StormApi(() => setup.apis), sims);
    const setupSecs = (performance.now() - t0) / 1000;
    const before = { ...agents.stats };
    const cpuBefore = cpuSeconds(setup.pids);
    // The bench plays 1,000 machines, BMCs and agents in one process: its own stalls add to every figure.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = performance.now();
    const samples = await runStorm(uuids, setup.bootUrls, agents, SPREAD_MS);
    const stormSecs = (performance.now() - started) / 1000;
    lag.disable();
    const cpuMs = ((cpuSeconds(setup.pids) - cpuBefore) * 1000) / MACHINES;
    // The conductors' first calls to the agents follow the heartbeats; give them a moment.
    await new Promise((r) => setTimeout(r, 3000));
    const table = new Table({ head: ['phase', 'count', 'errors', 'p50', 'p95', 'p99', 'target', 'pass'], style: { head: [], border: [] } });
    table.push(...stormRows(samples));
    console.log(`\n${title}`);
    console.log(
      `${MACHINES} machines arriving over ${SPREAD_MS} ms, all booted in ${stormSecs.toFixed(1)} s ` +
        `(fleet enrolled and deployed to wait call-back in ${setupSecs.toFixed(0)} s); ` +
        `Tyr CPU during the storm ${cpuMs.toFixed(1)} ms per machine (all processes); ` +
        `the bench's own event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms; ` +
        `agent commands from the conductors within 3 s after: ${agents.stats.commands - before.commands}, ` +
        `polls ${agents.stats.polls - before.polls}, refused ${agents.stats.refused - before.refused}`,
    );
    console.log(table.toString());
    for (const line of errorSummary(samples)) console.log(`  ${line}`);
  } finally {
    await setup.stop();
  }
}

export async function run(): Promise<void> {
  const sims: RedfishSim[] = [];
  await mapLimit(
    Array.from({ length: MACHINES }, (_, i) => i),
    50,
    async (i) => {
      sims[i] = await startRedfishSim({ tls: false });
    },
  );
  const agents = await startStormAgents();
  const cpus = `${os.cpus().length} CPUs`;
  try {
    if (ONLY !== 'cluster')
      await measure(`Boot storm: one tyr server, SQLite (esbuild bundle), ${cpus}`, await singleServer(), sims, agents);
    if (ONLY !== 'single') {
      await measure(
        `Boot storm: 3 conductors + 2 API processes, PostgreSQL (esbuild bundle), ${cpus}`,
        await threeConductors(),
        sims,
        agents,
      );
    }
  } finally {
    await agents.stop();
    await mapLimit(sims, 50, (s) => s.stop());
  }
}
