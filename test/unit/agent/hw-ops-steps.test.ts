// The agent's hardware-operation steps run for real on this host where that is safe: stress-ng
// (cpu, vm over 1% of RAM), fio's net engine between a server and a client on loopback, the
// TEST-ONLY lab stores in a temporary directory (TYR_AGENT_LAB_HWOPS_DIR), and the firmware
// updater registry's rules. Nothing here touches the host's disks, BIOS or firmware.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Activity } from '../../../agent/activity.js';
import { labNvram } from '../../../agent/bios/lab-nvram.js';
import { applyConfiguration, factoryReset } from '../../../agent/bios/registry.js';
import { burninCpu, burninMemory } from '../../../agent/burnin/cpu-memory.js';
import { burninNetwork } from '../../../agent/burnin/network.js';
import { commandUpdater } from '../../../agent/firmware/command.js';
import { decodeRegion, LAB_REGIONS } from '../../../agent/firmware/lab-store.js';
import { labFileUpdater } from '../../../agent/firmware/lab-file.js';
import { chooseUpdater } from '../../../agent/firmware/registry.js';
import { requireTool } from '../../helpers/tools.js';

describe('agent hardware operations on this host (real stress-ng and fio, lab stores)', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-hwops-unit-'));
  before(() => {
    requireTool('stress-ng');
    requireTool('fio');
    process.env.TYR_AGENT_LAB_HWOPS_DIR = dir;
  });
  after(() => {
    delete process.env.TYR_AGENT_LAB_HWOPS_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('burnin_cpu and burnin_memory run stress-ng and return its bogo-ops; progress counts seconds', async () => {
    const activity = new Activity();
    activity.begin('clean.execute_clean_step');
    const cpu = await burninCpu({ duration: 1 }, activity);
    expect((cpu.metrics as { stressor: string; bogo_ops: number }[])[0]).to.include({ stressor: 'cpu' });
    expect((cpu.metrics as { bogo_ops: number }[])[0]!.bogo_ops).to.be.greaterThan(0);
    expect(activity.progress).to.include({ command: 'burnin_cpu (seconds)', total_bytes: 1 });
    const mem = await burninMemory({ duration: 1, vm_share: 0.01 }, activity);
    expect(mem.vm_bytes).to.equal('1%');
    expect((mem.metrics as { stressor: string }[])[0]!.stressor).to.equal('vm');
  });

  it('refuses out-of-range burn-in arguments with the argument named', async () => {
    let error = '';
    await burninMemory({ vm_share: 2 }, new Activity()).catch((e: Error) => {
      error = e.message;
    });
    expect(error).to.equal('argument vm_share must be a number from 0.01 to 0.95, got 2');
  });

  it("burnin_network: a server and a client exchange data through fio's net engine", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const [server, client] = await Promise.all([
      burninNetwork({ role: 'server', port, duration: 2 }, new Activity()),
      burninNetwork({ role: 'client', peer: '127.0.0.1', port, duration: 2, start_delay: 1 }, new Activity()),
    ]);
    expect((server.fio as { read_bw_kib_s: number }).read_bw_kib_s).to.be.greaterThan(0);
    expect((client.fio as { write_bw_kib_s: number }).write_bw_kib_s).to.be.greaterThan(0);
    let error = '';
    await burninNetwork({ role: 'client', duration: 1 }, new Activity()).catch((e: Error) => {
      error = e.message;
    });
    expect(error).to.match(/needs the peer address/);
  });

  it('BIOS through the lab NVRAM store: all or nothing, read-only refused, factory reset', async () => {
    const applied = await applyConfiguration({ settings: [{ name: 'ProcVirtualization', value: 'Disabled' }] });
    expect(applied.plugin).to.equal('lab-nvram');
    expect(applied.settings.find((s) => s.name === 'ProcVirtualization')?.value).to.equal('Disabled');
    let error = '';
    await applyConfiguration({
      settings: [
        { name: 'HyperThreading', value: 'Disabled' },
        { name: 'SystemSerial', value: 'X' },
      ],
    }).catch((e: Error) => {
      error = e.message;
    });
    expect(error).to.match(/^nothing was applied: BIOS setting SystemSerial is read-only/);
    expect((await labNvram.getSettings()).find((s) => s.name === 'HyperThreading')?.value, 'untouched').to.equal('Enabled');
    await factoryReset();
    expect((await labNvram.getSettings()).find((s) => s.name === 'ProcVirtualization')?.value).to.equal('Enabled');
  });

  it('firmware: a named updater must be available; the command updater runs only allowed tools', async () => {
    const entry = { component: 'nic', url: 'http://x/fw.bin', checksum: 'a'.repeat(64), version: '2' };
    let error = '';
    await chooseUpdater({ ...entry, updater: 'fwupd' }).catch((e: Error) => {
      error = e.message;
    });
    expect(error).to.match(/updater fwupd is not available on this machine \(available: lab-file, command/);
    const file = path.join(dir, 'fw.bin');
    fs.writeFileSync(file, 'x');
    error = '';
    await commandUpdater
      .update({ ...entry, command: '/usr/bin/true' }, file, { allowedCommands: ['/opt/vendor/flash'] })
      .catch((e: Error) => {
        error = e.message;
      });
    expect(error).to.match(/\/usr\/bin\/true is not on the node's allowed list/);
    await commandUpdater.update({ ...entry, command: '/usr/bin/true' }, file, { allowedCommands: ['/usr/bin/true'] });
  });

  it('the lab stores can live on a disk: a region 2 MiB before its end, read back from the file', async () => {
    const disk = path.join(dir, 'vm-disk.raw');
    fs.writeFileSync(disk, Buffer.alloc(8 * 2 ** 20));
    process.env.TYR_AGENT_LAB_HWOPS_DIR = `disk:${disk}`;
    try {
      const fw = path.join(dir, 'fw2.bin');
      fs.writeFileSync(fw, 'x');
      await labFileUpdater.update({ component: 'bios', url: 'http://x/fw2.bin', checksum: '', version: '3.1' }, fw, {
        allowedCommands: [],
      });
      await applyConfiguration({ settings: [{ name: 'BootMode', value: 'Uefi' }] });
      const size = fs.statSync(disk).size;
      const region = (name: string) => fs.readFileSync(disk).subarray(size - LAB_REGIONS[name]!, size - LAB_REGIONS[name]! + 65536);
      expect(decodeRegion(region('firmware'))).to.include({ bios: '3.1', bmc: '1.0.0' });
      expect(decodeRegion(region('nvram'))).to.deep.equal({ BootMode: 'Uefi' });
      expect((await labFileUpdater.versions!()).bios).to.equal('3.1');
    } finally {
      process.env.TYR_AGENT_LAB_HWOPS_DIR = dir;
    }
  });
});
