// tyr-redfish-sim in qemu mode, through the lab (`bmc: 'redfish'`): a lab VM gets a Redfish BMC
// in its own process; the test inserts an ISO through VirtualMedia, sets a one-time CD boot and
// powers on, then sees the VM boot from the CD on its serial console and the medium in QEMU
// (QMP query-block). One VM boot (TCG); only the lab's own PIDs are stopped (labDown).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { labDown, labMac, labPids, labUp, type Lab } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { qmp } from '../../bench/lab/redfish-sim/qmp.js';
import { requireTool } from '../../helpers/tools.js';
import { MINUTE, until } from '../../helpers/until.js';
import { makeBootIso } from './boot-iso.js';
import { type FileServer, serveDir } from './file-server.js';
import { simClient } from './http.js';

const MARKER = 'tyr-redfish-sim-cd-boot-ok';
const CD = '/redfish/v1/Managers/1/VirtualMedia/Cd';
const SYSTEM = '/redfish/v1/Systems/1';

describe('redfish-sim qemu mode (lab VM)', function () {
  this.timeout(5 * MINUTE);
  let work: string;
  let lab: Lab | undefined;
  let files: FileServer;

  before(async () => {
    requireTool('qemu-system-x86_64');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-redfish-qemu-'));
    makeBootIso(work, path.join(work, 'boot.iso'), MARKER);
    files = await serveDir(work);
  });
  after(async () => {
    if (lab) await labDown(lab);
    await files.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('boots the VM from an ISO inserted through VirtualMedia with a one-time CD boot', async () => {
    lab = await labUp({ nodes: 1, dir: path.join(work, 'lab'), bmc: 'redfish', memoryMb: 128, diskGb: 1, bootUrl: 'http://10.0.2.2:9' });
    const node = lab.nodes[0]!;
    expect(node.redfish?.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const sim = { url: node.redfish!.url, caFile: node.redfish!.caFile } as Parameters<typeof simClient>[0];
    const client = simClient(sim, { basic: { username: node.username, password: node.password } });
    const qmpSocket = path.join(node.dir, 'qmp.sock');
    const cdMedium = async () => {
      const devices = (await qmp(qmpSocket, 'query-block')) as { qdev?: string; inserted?: { file: string } }[];
      return devices.find((d) => d.qdev?.includes('cd0dev'))?.inserted?.file ?? null;
    };

    // The inventory is the VM's: its MAC, its memory, its disk file's size.
    const system = (await client.get(SYSTEM)).data;
    expect(system.PowerState).to.equal('Off');
    expect(system.MemorySummary.TotalSystemMemoryGiB).to.equal(0.125);
    const nic = (await client.get(`${SYSTEM}/EthernetInterfaces/1`)).data;
    expect(nic.MACAddress).to.equal(labMac(0));
    expect((await client.get(`${SYSTEM}/Storage/1/Drives/Disk.0`)).data.CapacityBytes).to.equal(1024 ** 3);

    expect((await client.post(`${CD}/Actions/VirtualMedia.InsertMedia`, { Image: files.url('boot.iso') })).status).to.equal(204);
    expect(fs.existsSync(path.join(node.dir, 'cdrom.iso'))).to.equal(true);
    expect(
      (
        await client.patch(SYSTEM, {
          Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'Legacy' },
        })
      ).status,
    ).to.equal(204);
    expect((await client.post(`${SYSTEM}/Actions/ComputerSystem.Reset`, { ResetType: 'On' })).status).to.equal(204);

    const consoleLog = () => (fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '');
    await until('the VM to boot from the virtual CD', 3 * MINUTE, () => consoleLog().includes(MARKER), {
      intervalMs: 500,
      diagnostics: () => consoleLog().slice(-2000),
    });
    expect(consoleLog()).to.match(/Booting from DVD\/CD/);
    expect(await cdMedium()).to.equal(path.join(node.dir, 'cdrom.iso'));
    const after = (await client.get(SYSTEM)).data;
    expect(after.PowerState).to.equal('On');
    expect(after.Boot.BootSourceOverrideEnabled).to.equal('Disabled');
    // The one-time target is used up: the next boot (even one the guest starts) is from disk.
    expect(fs.readFileSync(path.join(node.dir, 'boot'), 'utf8').trim()).to.equal('default');

    // Media changes on the running VM go through QMP.
    expect((await client.post(`${CD}/Actions/VirtualMedia.EjectMedia`, {})).status).to.equal(204);
    expect(await cdMedium()).to.equal(null);
    expect((await client.post(`${CD}/Actions/VirtualMedia.InsertMedia`, { Image: files.url('boot.iso') })).status).to.equal(204);
    expect(await cdMedium()).to.equal(path.join(node.dir, 'cdrom.iso'));

    expect((await client.post(`${SYSTEM}/Actions/ComputerSystem.Reset`, { ResetType: 'ForceOff' })).status).to.equal(204);
    expect((await client.get(SYSTEM)).data.PowerState).to.equal('Off');
    // Only the sim's own process is left; labDown (after) stops it.
    expect(labPids(lab).filter((pid) => pid !== node.bmcPid)).to.deep.equal([]);
    expect(processAlive(node.bmcPid)).to.equal(true);
  });
});
