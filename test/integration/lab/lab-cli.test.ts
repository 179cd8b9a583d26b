// The lab CLI as a newcomer runs it: `npm run lab -- up --nodes 2`, a VM powered on through its
// BMC, then `down` in a later process. Down must stop every process up started (checked by PID:
// ipmi_sim and the daemonized QEMU) and leave no file outside the lab directory (the CLI runs
// with its own TMPDIR, which must stay empty but for tsx's compile cache). The VM is not booted to anything: power on only
// proves that a QEMU process exists for down to stop.
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { labPids, readLabState } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { requireTool } from '../../helpers/tools.js';

const execFileP = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('lab CLI (npm run lab)', function () {
  this.timeout(90_000);
  let work: string;
  let labDir: string;
  let tmp: string;
  const lab = (...args: string[]) =>
    execFileP('npm', ['run', '--silent', 'lab', '--', ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });

  before(() => {
    requireTool('qemu-system-x86_64');
    requireTool('ipmi_sim');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-lab-cli-'));
    labDir = path.join(work, 'lab');
    tmp = path.join(work, 'tmp');
    fs.mkdirSync(tmp);
  });

  after(async () => {
    // If an assertion failed before `down`, stop what the lab started (by PID) anyway.
    if (fs.existsSync(path.join(labDir, 'lab.json'))) await lab('down', '--dir', labDir).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('up --nodes 2 then down leaves no process and no file outside the lab directory', async () => {
    const t0 = Date.now();
    const up = await lab(
      'up',
      '--nodes',
      '2',
      '--dir',
      labDir,
      '--boot-url',
      'http://10.0.2.2:9',
      '--memory',
      '256',
      '--extra-nics',
      '1',
      '--extra-disks',
      '2',
    );
    const tUp = Date.now() - t0;
    expect(up.stdout).to.contain('lab-node-0').and.contain('lab-node-1').and.contain('52:54:00:7e:00:02');
    const state = readLabState(labDir);
    expect(state.nodes).to.have.length(2);
    for (const n of state.nodes) expect(processAlive(n.bmcPid), `ipmi_sim of ${n.name} runs after up exits`).to.equal(true);

    // Power one node on through its BMC: ipmi_sim → chassis-control.sh → QEMU.
    const n0 = state.nodes[0]!;
    execFileSync(
      'ipmitool',
      ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(n0.bmcPort), '-U', n0.username, '-E', 'power', 'on'],
      { env: { ...process.env, IPMI_PASSWORD: n0.password } },
    );
    const status = JSON.parse((await lab('status', '--dir', labDir, '--json')).stdout) as {
      name: string;
      vm: { pid?: number; alive: boolean };
    }[];
    expect(status.map((s) => s.vm.alive)).to.deep.equal([true, false]);
    const pids = labPids(labDir);
    expect(pids).to.have.length(3); // two ipmi_sim, one QEMU
    expect(pids).to.include(status[0]!.vm.pid);
    // The extra NIC and disks are on the VM (the hardware that inspection and RAID tests need).
    const qemuArgs = fs.readFileSync(`/proc/${status[0]!.vm.pid}/cmdline`, 'utf8').split('\0');
    expect(n0.extraMacs).to.deep.equal(['52:54:00:7f:01:01']);
    expect(qemuArgs.some((a) => a.includes('mac=52:54:00:7f:01:01'))).to.equal(true);
    expect(qemuArgs.filter((a) => /serial=extra-\d/.test(a))).to.have.length(2);
    for (const f of n0.extraDisks ?? []) expect(fs.statSync(f).size).to.be.greaterThan(0);

    const t1 = Date.now();
    await lab('down', '--dir', labDir);
    const tDown = Date.now() - t1;
    for (const pid of pids) expect(processAlive(pid), `PID ${pid} stopped by down`).to.equal(false);
    expect(labPids(labDir)).to.deep.equal([]);
    // tsx (the TypeScript runner behind `npm run lab`) keeps its compile cache in TMPDIR/tsx-*.
    expect(
      listTree(tmp).filter((f) => !f.startsWith('tsx-')),
      'files the lab left in TMPDIR',
    ).to.deep.equal([]);
    expect(listTree(work)).to.include.members(['lab', 'tmp', path.join('lab', 'lab.json'), path.join('lab', 'lab-node-0', 'console.log')]);
    expect(fs.readdirSync(work).sort()).to.deep.equal(['lab', 'tmp']);
    console.log(`      up: ${tUp} ms, down: ${tDown} ms`);
  });
});
