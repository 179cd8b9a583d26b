// CPU of the native IPMI client (core/ipmi/) per call, against real ipmi_sim BMCs on loopback:
// power status on a reused session (the power sync's call; target < 2 ms of this process's CPU,
// issue #26 §1), and the cost of opening a session (Get Channel Auth Caps, Open Session, RAKP 1–4,
// Set Session Privilege Level). ipmi_sim's own CPU is not counted: it is the BMC. Compare with
// `npm run bench -- power-sync`, which prints both clients side by side over 500 BMCs.
import Table from 'cli-table3';
import { BmcQueue } from '../../core/drivers/ipmitool/bmc-queue.js';
import { parseDriverInfo } from '../../core/drivers/ipmitool/driver-info.js';
import { NativeIpmiClient } from '../../core/ipmi/native-client.js';
import { testConfig } from '../integration/ipmi/helpers.js';
import { testLogger } from '../helpers/test-logger.js';
import { startBmcs, stopBmcs } from './lab/bmc.js';

const CALLS = Number(process.env.TYR_BENCH_IPMI_CALLS ?? 3000);
const BMCS = Number(process.env.TYR_BENCH_IPMI_BMCS ?? 10);
const TARGET_STATUS_MS = 2;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

export async function run(): Promise<void> {
  const bmcs = await startBmcs(BMCS);
  const log = testLogger();
  const config = testConfig({ command_timeout: 5, command_retry_timeout: 0, min_command_interval_ms: 0 });
  const client = new NativeIpmiClient(config, { queue: new BmcQueue(0), log });
  try {
    const targets = bmcs.map((b) => parseDriverInfo(b.driverInfo()));
    const call = { log };

    let cpu = process.cpuUsage();
    let wall = Date.now();
    await Promise.all(targets.map((t) => client.powerStatus(t, call)));
    const openCpu = cpuMs(cpu) / targets.length;
    const openWall = (Date.now() - wall) / targets.length;

    // Sequential: CPU per call without overlap, the figure the target is about.
    for (let i = 0; i < 200; i++) await client.powerStatus(targets[i % targets.length]!, call);
    cpu = process.cpuUsage();
    wall = Date.now();
    for (let i = 0; i < CALLS; i++) await client.powerStatus(targets[i % targets.length]!, call);
    const seqCpu = cpuMs(cpu) / CALLS;
    const seqWall = (Date.now() - wall) / CALLS;

    // All BMCs at once, as a power-sync pass does.
    cpu = process.cpuUsage();
    wall = Date.now();
    const rounds = Math.ceil(CALLS / targets.length);
    for (let r = 0; r < rounds; r++) await Promise.all(targets.map((t) => client.powerStatus(t, call)));
    const parCpu = cpuMs(cpu) / (rounds * targets.length);
    const parWall = Date.now() - wall;

    const verdict = (v: number, target: number) => (v < target ? 'pass' : 'FAIL');
    const table = new Table({ head: ['measure', 'value', 'target', 'pass/fail'] });
    table.push(
      [
        'CPU per power status, reused session, one at a time (ms)',
        seqCpu.toFixed(3),
        `< ${TARGET_STATUS_MS}`,
        verdict(seqCpu, TARGET_STATUS_MS),
      ],
      [
        `CPU per power status, ${targets.length} BMCs in parallel (ms)`,
        parCpu.toFixed(3),
        `< ${TARGET_STATUS_MS}`,
        verdict(parCpu, TARGET_STATUS_MS),
      ],
      ['wall per power status, one at a time (ms)', seqWall.toFixed(2), '-', '-'],
      [`wall for ${rounds} rounds of ${targets.length} parallel calls (ms)`, String(parWall), '-', '-'],
      ['CPU per session open (ms)', openCpu.toFixed(2), '-', '-'],
      ['wall per session open, parallel (ms)', openWall.toFixed(1), '-', '-'],
      ['sessions open', String(client.openSessions), String(targets.length), client.openSessions === targets.length ? 'pass' : 'FAIL'],
    );
    console.log(`\nnative IPMI client, ${CALLS} calls over ${targets.length} ipmi_sim BMCs (node ${process.version})`);
    console.log(table.toString());
  } finally {
    await client.close();
    await stopBmcs(bmcs);
  }
}
