// python3-sushy, the Redfish library Ironic's own driver uses, walks every resource Tyr's redfish
// driver uses and performs power, boot, BIOS, RAID, virtual-media and update actions against the
// sim; the test checks sushy's view against the sim's state.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type RedfishSim, startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { type FileServer, serveDir } from './file-server.js';

const execFileP = promisify(execFile);
const WALK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sushy_walk.py');
const GIB = 1024 ** 3;

describe('redfish-sim with python3-sushy', function () {
  this.timeout(120_000);
  let sim: RedfishSim;
  let files: FileServer;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-sushy-'));
    fs.writeFileSync(path.join(dir, 'deploy.iso'), Buffer.alloc(64 * 1024, 1));
    fs.writeFileSync(path.join(dir, 'bios-2.11.0.bin'), 'lab firmware image\n');
    files = await serveDir(dir);
    sim = await startRedfishSim({
      vendor: 'Tyr Lab',
      machine: {
        cpus: 2,
        coresPerCpu: 8,
        memoryMb: 16384,
        nics: ['52:54:00:aa:00:01', '52:54:00:aa:00:02'],
        disks: [
          { id: 'Disk.0', capacityBytes: 100 * GIB, mediaType: 'SSD', serial: 'S0' },
          { id: 'Disk.1', capacityBytes: 200 * GIB, mediaType: 'HDD', serial: 'S1' },
        ],
      },
    });
  });
  after(async () => {
    await sim.stop();
    await files.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('walks the service and performs the driver actions', async () => {
    // requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's own CA bundle (the
    // one sushy sets from verify=), so they are left out for the walk.
    const { REQUESTS_CA_BUNDLE: _r, CURL_CA_BUNDLE: _c, ...env } = process.env;
    const { stdout } = await execFileP('/usr/bin/python3', [WALK], {
      env: {
        ...env,
        SUSHY_URL: sim.url,
        SUSHY_USERNAME: sim.username,
        SUSHY_PASSWORD: sim.password,
        SUSHY_CA: sim.caFile ?? '',
        SUSHY_IMAGE_URL: files.url('deploy.iso'),
        SUSHY_FIRMWARE_URL: files.url('bios-2.11.0.bin'),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    const walk = JSON.parse(stdout);
    // sushy's processor summary counts threads: 2 sockets × 8.
    expect(walk.system).to.deep.include({
      manufacturer: 'Tyr Lab',
      power: 'Off',
      cpu_count: 16,
      cpu_arch: 'x86',
      cores: 16,
      memory_gib: 16,
      secure_boot: false,
    });
    expect(walk.system.boot_allowed).to.include.members(['Pxe', 'Hdd', 'Cd', 'BiosSetup', 'Usb', 'UefiHttp']);
    expect(walk.nics).to.deep.equal([
      { mac: '52:54:00:aa:00:01', speed: 1000 },
      { mac: '52:54:00:aa:00:02', speed: 1000 },
    ]);
    expect(walk.simple_storage).to.deep.equal([100 * GIB, 200 * GIB]);
    expect(walk.drives).to.deep.equal([
      { id: 'Disk.0', bytes: 100 * GIB, media: 'SSD' },
      { id: 'Disk.1', bytes: 200 * GIB, media: 'HDD' },
    ]);
    expect(walk.raid_types).to.include.members(['RAID0', 'RAID1']);
    expect(walk.volume_created).to.deep.equal({ raid: 'RAID1', bytes: 100 * GIB });
    expect(walk.volumes_after_create).to.equal(1);
    expect(walk.volumes_after_delete).to.equal(0);
    expect(sim.state.volumes).to.deep.equal([]);

    expect(walk.bios).to.deep.include({ turbo: 'Enabled', registry_turbo_values: ['Enabled', 'Disabled'], apply_times: ['OnReset'] });
    expect(walk.bios.registry_read_only).to.deep.equal(['SystemRevision']);
    expect(walk.bios.pending).to.deep.equal({ ProcTurboMode: 'Disabled' });
    expect(walk.bios.turbo_after_reset).to.equal('Disabled');
    expect(sim.state.bios.attributes.ProcTurboMode).to.equal('Disabled');

    expect(walk.vmedia).to.deep.include({
      id: 'Cd',
      types: ['CD', 'DVD'],
      inserted_before: false,
      inserted: true,
      image: files.url('deploy.iso'),
      inserted_after_eject: false,
    });
    expect(sim.state.media.inserted).to.equal(false);

    expect(walk.after_on).to.deep.equal({ power: 'On', boot_enabled: 'Disabled' });
    expect(sim.state.lastBoot).to.deep.equal({ target: 'Pxe', mode: 'UEFI' });
    expect(walk.after_off.power).to.equal('Off');
    expect(sim.state.powerState).to.equal('Off');

    expect(walk.chassis.temperatures).to.have.length.above(0);
    expect(walk.chassis.fans).to.have.length.above(0);
    expect(walk.chassis.power_supplies).to.have.length.above(0);

    expect(walk.firmware_before).to.deep.equal({ BMC: '1.00.0', BIOS: '2.10.0' });
    expect(walk.update_task.state).to.equal('Completed');
    expect(walk.firmware_after).to.deep.equal({ BMC: '1.00.0', BIOS: '2.11.0' });
    expect(sim.state.firmware.BIOS).to.equal('2.11.0');
    expect(sim.stats.sessionsOpened).to.equal(1);
    expect(sim.stats.sessionsClosed).to.equal(1);
  });
});
