// The lab CLI as a newcomer runs it: `npm run lab -- up --nodes 2`, a VM powered on through its
// BMC, then `down` in a later process. Down must stop every process up started (checked by PID:
// ipmi_sim and the daemonized QEMU) and leave no file outside the lab directory (the CLI runs
// with its own TMPDIR, which must stay empty but for tsx's compile cache). The VM is not booted to anything: power on only
// proves that a QEMU process exists for down to stop.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { labPids, readLabState } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { labCliSandbox } from '../../helpers/lab-cli.js';

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('lab CLI (npm run lab)', function () {
  this.timeout(90_000);
  const sandbox = labCliSandbox('tyr-lab-cli-', ['qemu-system-x86_64', 'ipmi_sim']);

  it('up --nodes 2 then down leaves no process and no file outside the lab directory', async () => {
    const { lab, labDir, work } = sandbox;
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
    expect(sandbox.leftInTmp(), 'files the lab left in TMPDIR').to.deep.equal([]);
    expect(listTree(work)).to.include.members(['lab', 'tmp', path.join('lab', 'lab.json'), path.join('lab', 'lab-node-0', 'console.log')]);
    expect(fs.readdirSync(work).sort()).to.deep.equal(['lab', 'tmp']);
    console.log(`      up: ${tUp} ms, down: ${tDown} ms`);
  });

  it('up --firmware uefi-secure records the firmware and gives the node its own Secure Boot variable store; an unknown firmware is refused', async () => {
    const { lab, labDir } = sandbox;
    const refused = await lab('up', '--dir', labDir, '--firmware', 'coreboot').then(
      () => '',
      (err: { stderr: string }) => err.stderr,
    );
    expect(refused).to.contain('expected one of bios, uefi, uefi-secure');
    const up = await lab('up', '--nodes', '1', '--dir', labDir, '--firmware', 'uefi-secure');
    expect(up.stdout).to.contain('lab-node-0  uefi-secure');
    const node = readLabState(labDir).nodes[0]!;
    expect(node.firmware).to.equal('uefi-secure');
    const conf = fs.readFileSync(path.join(node.dir, 'qemu.conf'), 'utf8');
    expect(conf).to.contain(`QEMU_FIRMWARE='uefi-secure'`).and.contain(`QEMU_OVMF_CODE='/usr/share/OVMF/OVMF_CODE_4M.secboot.fd'`);
    const vars = path.join(node.dir, 'OVMF_VARS.uefi-secure.fd');
    expect(conf).to.contain(`QEMU_OVMF_VARS='${vars}'`);
    expect(fs.readFileSync(vars).equals(fs.readFileSync('/usr/share/OVMF/OVMF_VARS_4M.ms.fd'))).to.equal(true);
    await lab('down', '--dir', labDir);
  });
});
