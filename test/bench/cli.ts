// CLI start-up benchmark: `npm run bench -- cli`. Builds the bundled CLI (dist/cli/tyr.mjs, what
// `npm run build` installs as `tyr`), enrolls 100 nodes in a throw-away `tyr server`, then runs
// common commands one after another the way an operator does (the executable itself, through its
// shebang) and reports wall time (p50/p95) and CPU time (user + system, from /usr/bin/time) per
// command. The openstack `baremetal` CLI runs the same list for comparison when it is installed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../cli/build.js';
import { mapLimit, pct, printTable } from '../helpers/bench-util.js';
import { freeTcpPort } from '../helpers/ports.js';
import { requireTool } from '../helpers/tools.js';
import { startTyrService, type TyrService } from '../helpers/tyr-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODES = 100;
const RUNS = Number(process.env.TYR_BENCH_CLI_RUNS ?? 20);
const BAREMETAL_RUNS = 5;
const TARGET_MS = 250;
const TIME = '/usr/bin/time';

interface Sample {
  wallMs: number;
  /** User + system CPU of the command, or NaN without /usr/bin/time. */
  cpuMs: number;
}

/** Runs `argv` to completion under /usr/bin/time (when there is one) and measures it. */
function timedRun(argv: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const cpuFile = path.join(os.tmpdir(), `tyr-bench-cli-${process.pid}.time`);
  const withTime = fs.existsSync(TIME);
  const [file, ...args] = withTime ? [TIME, '-q', '-f', '%U %S', '-o', cpuFile, ...argv] : argv;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file!, args, { cwd: ROOT, env, maxBuffer: 64 << 20, timeout: 60_000 }, (err, _stdout, stderr) => {
      const wallMs = performance.now() - t0;
      if (err) return reject(new Error(`${argv.join(' ')} failed: ${err.message}\n${stderr}`));
      const cpuMs = withTime
        ? fs
            .readFileSync(cpuFile, 'utf8')
            .trim()
            .split(/\s+/)
            .reduce((sum, s) => sum + Number(s) * 1000, 0)
        : NaN;
      resolve({ wallMs, cpuMs });
    });
  });
}

async function measure(argv: string[], env: NodeJS.ProcessEnv, runs: number): Promise<{ wall: number[]; cpu: number[] }> {
  await timedRun(argv, env); // warm the page cache
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timedRun(argv, env));
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return { wall: sorted(samples.map((s) => s.wallMs)), cpu: sorted(samples.map((s) => s.cpuMs)) };
}

async function enroll(url: string): Promise<string[]> {
  const uuids: string[] = [];
  await mapLimit(
    Array.from({ length: NODES }, (_, i) => i),
    8,
    async (i) => {
      const res = await fetch(`${url}/v1/nodes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' },
        body: JSON.stringify({ name: `bench-${i}`, driver: 'fake-hardware', properties: { cpu_arch: 'x86_64' } }),
      });
      const body = (await res.json()) as { uuid?: string };
      if (res.status !== 201 || !body.uuid) throw new Error(`enrolling bench-${i}: ${res.status} ${JSON.stringify(body)}`);
      uuids.push(body.uuid);
    },
  );
  return uuids;
}

/** The tool's path, or undefined: the comparison is optional, the benchmark runs without it. */
function installed(name: string, candidates: string[]): string | undefined {
  try {
    return requireTool(name, candidates);
  } catch {
    return undefined;
  }
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

export async function run(): Promise<void> {
  const { entry: tyr } = await buildCli();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-bench-cli-'));
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  let server: TyrService | undefined;
  const rows: [string, string, string, string][] = [];
  try {
    server = await startTyrService(
      ['server', '--data-dir', dataDir, '--api-port', String(port), '--boot-http-port', '0', '--tftp-port', '0'],
      { TYR_LOG_LEVEL: 'warn' },
      `${url}/`,
      { launcher: [tyr] },
    );
    const uuids = await enroll(url);
    // The operator's environment: `tyr` found through its shebang, node on the PATH.
    const env = { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: os.tmpdir(), TYR_URL: url };
    const commands: [string, string[]][] = [
      [`tyr node list (${NODES} nodes)`, ['node', 'list']],
      [`tyr node list --json (${NODES} nodes)`, ['node', 'list', '--json']],
      ['tyr node show <uuid>', ['node', 'show', uuids[0]!]],
      ['tyr --help', ['--help']],
    ];
    for (const [label, args] of commands) {
      const { wall, cpu } = await measure([tyr, ...args], env, RUNS);
      const p50 = pct(wall, 50);
      rows.push([
        label,
        `wall p50 ${ms(p50)}, p95 ${ms(pct(wall, 95))}; CPU p50 ${ms(pct(cpu, 50))}`,
        `p50 < ${TARGET_MS} ms`,
        p50 < TARGET_MS ? 'pass' : 'FAIL',
      ]);
    }
    // The floor: Node starting and exiting with nothing to do, on this machine at this load.
    const floor = await measure([process.execPath, '-e', '0'], env, RUNS);
    rows.push([
      'node -e 0 (start-up floor)',
      `wall p50 ${ms(pct(floor.wall, 50))}, p95 ${ms(pct(floor.wall, 95))}; CPU p50 ${ms(pct(floor.cpu, 50))}`,
      '-',
      '-',
    ]);
    const baremetal = installed('baremetal', ['/usr/bin/baremetal']);
    if (baremetal) {
      const argv = [baremetal, '--os-endpoint', url, '--os-auth-type', 'none', 'node', 'list'];
      const { wall, cpu } = await measure(argv, env, BAREMETAL_RUNS);
      rows.push([
        `baremetal node list (${NODES} nodes, comparison)`,
        `wall p50 ${ms(pct(wall, 50))}, p95 ${ms(pct(wall, 95))}; CPU p50 ${ms(pct(cpu, 50))}`,
        '-',
        '-',
      ]);
    }
  } finally {
    await server?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // Wall time on a shared machine depends on its load: the title says what it was.
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  printTable(
    `Tyr CLI benchmark: ${RUNS} runs each, ${NODES} nodes, server as a child process, ${os.cpus().length} CPUs, load average ${load}`,
    rows,
  );
}
