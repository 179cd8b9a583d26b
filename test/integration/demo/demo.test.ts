// `npm run demo` as a person runs it: the real npm script as a child process (CI=true, no
// stdin), waited on until it prints that it is ready. Then the printed URL and credentials are
// used as printed, and Ctrl-C (SIGINT to npm) must stop every process the demo started. No VM
// boots (automated cleaning is off in the demo), so the run costs the cached ramdisk check
// (a few seconds; about a minute when .cache/ramdisk is cold), tyr server's start and two
// ipmi_sim BMCs: about 20 s in all.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import type { ApiNode } from '../../../client/types.js';
import { labPids, readLabState } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { readDemoState } from '../../bench/demo/demo-state.js';
import { apiError } from '../../helpers/api-error.js';
import { MINUTE, until } from '../../helpers/until.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Demo {
  proc: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

function runDemo(args: string[]): Demo {
  const proc = spawn('npm', ['run', 'demo', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exit };
}

/** Every live descendant of `pid` (from /proc's parent links). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

/** The value printed after a banner label, e.g. "  web console   http://…". */
function bannerValue(output: string, label: string): string {
  const m = new RegExp(`^  ${label}\\s+(\\S+)(?: / (\\S+))?`, 'm').exec(output);
  if (!m) throw new Error(`the demo printed no "${label}" line:\n${output}`);
  return m[2] ? `${m[1]}:${m[2]}` : m[1]!;
}

describe('npm run demo', function () {
  // A cold ramdisk build takes about a minute on 2 idle cores; allow for a busy CI machine.
  this.timeout(15 * MINUTE);
  let dir: string;
  let demo: Demo;
  let uiUrl: string;
  let apiUrl: string;
  let bootUrl: string;
  let admin: TyrClient;
  let reader: TyrClient;
  let started: number[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-demo-test-'));
    demo = runDemo(['--api-port', '0', '--boot-port', '0', '--dir', dir]);
    await until('the demo to print that it is ready', 12 * MINUTE, () => {
      if (demo.proc.exitCode !== null) throw new Error(`npm run demo exited with ${demo.proc.exitCode}:\n${demo.output()}`);
      return /^Press Ctrl-C to stop everything\.$/m.test(demo.output());
    });
    const out = demo.output();
    uiUrl = bannerValue(out, 'web console');
    apiUrl = uiUrl.replace(/\/ui\/$/, '');
    bootUrl = bannerValue(out, 'boot server');
    const [adminUser, adminPassword] = bannerValue(out, 'admin').split(':');
    const [readerUser, readerPassword] = bannerValue(out, 'reader').split(':');
    admin = new TyrClient({ url: apiUrl, username: adminUser, password: adminPassword });
    reader = new TyrClient({ url: apiUrl, username: readerUser, password: readerPassword });
    // Everything the demo started, before it is asked to stop: its process tree, and the lab's
    // BMCs and any VMs (QEMU daemonizes, so it is not in the tree).
    const state = readDemoState(dir);
    started = [...new Set([demo.proc.pid!, ...descendants(demo.proc.pid!), ...labPids(state!.labDir!)])];
  });

  after(async () => {
    // Only when a test failed before the stop: the recorded PIDs, nothing else.
    if (demo?.proc.exitCode === null) {
      demo.proc.kill('SIGINT');
      await Promise.race([demo.exit, new Promise((r) => setTimeout(r, 30_000))]);
    }
    for (const pid of started.filter(processAlive)) process.kill(pid, 'SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the web console URL, which answers with the console page', async () => {
    expect(uiUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/ui\/$/);
    const res = await fetch(uiUrl);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/text\/html/);
    expect(await res.text()).to.match(/<script[^>]+src="assets\/main-[^"]+\.js"/);
  });

  it('has the two lab nodes available, with the agent ramdisk set and served by the boot server', async () => {
    const nodes: ApiNode[] = [];
    for await (const n of admin.nodes.list({ detail: true })) nodes.push(n);
    expect(nodes.map((n) => n.name).sort()).to.deep.equal(['lab-node-0', 'lab-node-1']);
    for (const n of nodes) {
      expect(n.provision_state, n.name ?? n.uuid).to.equal('available');
      expect(n.driver).to.equal('ipmi');
      expect(n.driver_info.ipmi_password, 'the BMC password stays masked').to.equal('******');
      for (const key of ['deploy_kernel', 'deploy_ramdisk']) {
        const file = n.driver_info[key] as string;
        expect(file, `${n.name ?? n.uuid} ${key}`)
          .to.be.a('string')
          .with.length.above(0);
        const served = await fetch(`${bootUrl}${file}`, { method: 'HEAD' });
        expect(served.status, `${bootUrl}${file}`).to.equal(200);
        expect(Number(served.headers.get('content-length'))).to.equal(fs.statSync(path.join(ROOT, '.cache', 'ramdisk', 'out', file)).size);
      }
    }
  });

  it('serves the printed instance image from the boot root, with the printed checksum', async () => {
    const m = /^ {2}image\s+(\S+): .*sha256 ([0-9a-f]{64})/m.exec(demo.output());
    expect(m, demo.output()).to.not.equal(null);
    const res = await fetch(`${bootUrl}${m![1]}`);
    expect(res.status).to.equal(200);
    const digest = createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
    expect(digest).to.equal(m![2]);
  });

  it('gives the printed reader read access and no more', async () => {
    const page = await reader.nodes.listPage();
    expect(page.items).to.have.length(2);
    const refused = await apiError(reader.nodes.setPowerState(page.items[0]!.uuid, 'power on'));
    expect(refused.status).to.equal(403);
  });

  it('stops every process it started on Ctrl-C, and exits 0', async () => {
    const state = readDemoState(dir)!;
    const lab = readLabState(state.labDir!);
    // npm, the demo, tyr server and the two ipmi_sim at least (ipmitool calls of Tyr's may come and go).
    expect(started).to.include.members([demo.proc.pid!, state.pid, state.tyrPid!, ...lab.nodes.map((n) => n.bmcPid)]);
    demo.proc.kill('SIGINT');
    expect(await demo.exit).to.equal(0);
    await until('every process the demo started to be gone', 30_000, () => started.every((pid) => !processAlive(pid)), {
      diagnostics: () => `still alive: ${started.filter(processAlive).join(', ')}\n${demo.output()}`,
    });
    expect(demo.output()).to.contain('demo stopped');
    expect(readDemoState(dir), 'demo.json is removed').to.equal(undefined);
  });

  it('refuses a port in use with the option to change', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const refused = runDemo(['--api-port', String(port), '--dir', path.join(dir, 'second')]);
      expect(await refused.exit).to.not.equal(0);
      expect(refused.output()).to.contain(`port ${port} (the API and web console) is in use`).and.contain('--api-port');
    } finally {
      busy.close();
    }
  });
});
