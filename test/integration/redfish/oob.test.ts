// Out-of-band inspection, BIOS, firmware and RAID of a `redfish` node through Tyr's API, the
// conductor and the Redfish client, against the lab Redfish simulator (memory mode: the machine
// below is its inventory). BIOS, firmware and RAID run as manual clean steps with
// "disable_ramdisk" (API 1.70): they talk to the BMC only, so no ramdisk boots.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { serveDir, type FileServer } from '../redfish-sim/file-server.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { QUICK_REDFISH } from './helpers.js';

const GiB = 2 ** 30;
const BMC_IMAGE = 'version=1.20.0\nTEST-ONLY BMC image\n';
const BMC_SHA256 = `sha256:${createHash('sha256').update(BMC_IMAGE).digest('hex')}`;
const MACHINE = {
  cpus: 2,
  coresPerCpu: 6,
  memoryMb: 16384,
  disks: [
    { id: 'Disk.0', capacityBytes: 240 * GiB, mediaType: 'SSD' as const, serial: 'OOB-D0' },
    { id: 'Disk.1', capacityBytes: 960 * GiB, mediaType: 'HDD' as const, serial: 'OOB-D1' },
  ],
  nics: ['52:54:00:0b:0b:01', '52:54:00:0b:0b:02'],
  model: 'OOB Test Server',
  serialNumber: 'OOB-SERIAL-1',
};

describe('redfish out-of-band inspection, BIOS, firmware and RAID through the API (tyr-redfish-sim)', function () {
  this.timeout(90_000);
  let sim: RedfishSim;
  let api: ApiHarness;
  let client: TyrClient;
  let files: FileServer;
  let uuid: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-oob-fw-'));
  const L = { version: 'latest' };
  // Firmware and inspection rules are Ironic API 1.86+ / 1.96: Tyr serves them to its own clients.
  const X = { ...L, headers: { 'X-Tyr-Extensions': '1' } };

  const node = async () => (await api.call('GET', `/v1/nodes/${uuid}`, undefined, X)).body as Record<string, any>;
  const waitFor = (state: string) => client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 60_000, pollIntervalMs: 100 });
  /** A manual clean without ramdisk; resolves with the node once it left "cleaning". */
  async function cleanOutOfBand(steps: unknown[]): Promise<Record<string, any>> {
    const res = await api.call(
      'PUT',
      `/v1/nodes/${uuid}/states/provision`,
      { target: 'clean', clean_steps: steps, disable_ramdisk: true },
      L,
    );
    expect(res.status, res.message).to.equal(202);
    for (;;) {
      const n = await node();
      if (n.provision_state !== 'cleaning') return n;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function manageAgain(): Promise<void> {
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
  }

  before(async () => {
    fs.writeFileSync(path.join(dir, 'bios-2.11.0.bin'), 'TEST-ONLY BIOS image\n');
    fs.writeFileSync(path.join(dir, 'bmc-update.bin'), BMC_IMAGE);
    files = await serveDir(dir);
    sim = await startRedfishSim({ machine: MACHINE, vendor: 'Contoso' });
    api = await startApi({ ...QUICK_REDFISH, redfish: { ...QUICK_REDFISH.redfish, task_poll_interval_ms: 50 } });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const created = await client.nodes.create({ driver: 'redfish', name: 'rf-oob-node', driver_info: sim.driverInfo() });
    uuid = created.uuid;
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
  });
  after(async () => {
    await api?.stop();
    await sim?.stop();
    await files?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('defaults a redfish node to the redfish inspect, bios, raid and firmware interfaces', async () => {
    const n = await node();
    expect([n.inspect_interface, n.bios_interface, n.raid_interface]).to.deep.equal(['redfish', 'redfish', 'redfish']);
    // firmware_interface is API 1.86, beyond Tyr's maximum: the API never shows it; the row has it.
    expect((await api.server.store.nodes.getByIdent(uuid)).firmware_interface).to.equal('redfish');
  });

  it('inspects out of band: properties, one port per NIC, the stored inventory and inspection rules', async () => {
    const rule = await api.call(
      'POST',
      '/v1/inspection_rules',
      {
        description: 'Contoso machines',
        conditions: [{ field: 'system_vendor.manufacturer', op: 'eq', value: 'Contoso' }],
        actions: [{ action: 'add-trait', name: 'CUSTOM_CONTOSO' }],
      },
      X,
    );
    expect(rule.status, rule.message).to.equal(201);
    await client.nodes.setProvisionState(uuid, 'inspect');
    const done = (await waitFor('manageable')) as Record<string, any>;
    expect(done.last_error ?? null).to.equal(null);
    expect(done.properties).to.include({ cpus: 12, memory_mb: 16384, local_gb: 239, cpu_arch: 'x86_64' });
    expect(done.properties.capabilities).to.contain('boot_mode:uefi');
    // The boot mode and the SecureBoot resource's SecureBootCurrentBoot (Disabled on the sim's first boot).
    expect(done).to.include({ boot_mode: 'uefi', secure_boot: false });
    const ports = (await api.call('GET', `/v1/ports?node=${uuid}&detail=true`, undefined, L)).body.ports as {
      address: string;
      pxe_enabled: boolean;
    }[];
    expect(ports.map((p) => p.address).sort()).to.deep.equal(MACHINE.nics);
    // Nothing booted, so any NIC may PXE boot (Ironic's port default): DHCP serves them all.
    expect(ports.map((p) => p.pxe_enabled)).to.deep.equal([true, true]);
    const inv = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, L);
    expect(inv.status, inv.message).to.equal(200);
    expect(inv.body.inventory.system_vendor).to.include({
      manufacturer: 'Contoso',
      product_name: 'OOB Test Server',
      serial_number: 'OOB-SERIAL-1',
    });
    expect(inv.body.inventory.disks.map((d: any) => [d.size, d.rotational])).to.deep.equal([
      [240 * GiB, false],
      [960 * GiB, true],
    ]);
    const traits = await api.call('GET', `/v1/nodes/${uuid}/traits`, undefined, L);
    expect(traits.body.traits).to.include('CUSTOM_CONTOSO');
    // A second inspection finds the ports already there and creates none; the machine now runs with Secure Boot.
    sim.state.secureBootCurrentBoot = true;
    await client.nodes.setProvisionState(uuid, 'inspect');
    expect(await waitFor('manageable')).to.include({ secure_boot: true });
    expect((await api.call('GET', `/v1/ports?node=${uuid}`, undefined, L)).body.ports).to.have.length(2);
  });

  it("inspects through Debian's baremetal CLI (node inspect --wait), which then lists the ports", async () => {
    const { ok, json } = baremetalCliChecked(() => api.url);
    await ok('--os-baremetal-api-version', '1.82', 'node', 'inspect', uuid, '--wait', '60');
    const shown = await json('--os-baremetal-api-version', '1.82', 'node', 'show', uuid, '--fields', 'provision_state', 'properties');
    expect(shown.provision_state).to.equal('manageable');
    expect(shown.properties).to.include({ cpus: 12, memory_mb: 16384 });
    const ports = (await json('--os-baremetal-api-version', '1.82', 'port', 'list', '--node', uuid)) as { Address: string }[];
    expect(ports.map((p) => p.Address).sort()).to.deep.equal(MACHINE.nics);
  });

  it('fails a BIOS step that names an unknown setting or a bad value, saying which and what is allowed', async () => {
    const n = await cleanOutOfBand([
      {
        interface: 'bios',
        step: 'apply_configuration',
        args: {
          settings: [
            { name: 'NoSuchKnob', value: 'On' },
            { name: 'ProcTurboMode', value: 'Sometimes' },
          ],
        },
      },
    ]);
    expect(n.provision_state).to.equal('clean failed');
    expect(n.last_error).to.contain('unknown BIOS setting "NoSuchKnob"').and.contain('allowed values are Enabled, Disabled');
    expect(sim.state.bios.pending).to.deep.equal({});
    await manageAgain();
  });

  it('applies a BIOS setting (PATCH Settings, reboot, read back), then serves it in GET /bios with its registry', async () => {
    const boots = sim.state.boots;
    const n = await cleanOutOfBand([
      { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }] } },
    ]);
    expect(n.provision_state, n.last_error).to.equal('manageable');
    expect(sim.state.bios.attributes.ProcTurboMode).to.equal('Disabled');
    expect(sim.state.boots).to.be.greaterThan(boots);
    // The machine was off before: it is off again.
    expect(sim.state.powerState).to.equal('Off');
    const bios = await api.call('GET', `/v1/nodes/${uuid}/bios?detail=true`, undefined, L);
    const turbo = (bios.body.bios as any[]).find((s) => s.name === 'ProcTurboMode');
    expect(turbo).to.include({ value: 'Disabled', attribute_type: 'Enumeration', reset_required: true, read_only: false });
    // With the registry cached, a bad value is a 400 before anything starts.
    const bad = await api.call(
      'PUT',
      `/v1/nodes/${uuid}/states/provision`,
      {
        target: 'clean',
        disable_ramdisk: true,
        clean_steps: [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'SystemRevision', value: 'B' }] } }],
      },
      L,
    );
    expect(bad.status).to.equal(400);
    expect(bad.message).to.contain('SystemRevision is read-only');
  });

  it('resets the BIOS to its defaults through #Bios.ResetBios and a reboot', async () => {
    expect(sim.state.bios.attributes.ProcTurboMode).to.equal('Disabled');
    const n = await cleanOutOfBand([{ interface: 'bios', step: 'factory_reset' }]);
    expect(n.provision_state, n.last_error).to.equal('manageable');
    expect(sim.state.bios.attributes.ProcTurboMode).to.equal('Enabled');
    const bios = await api.call('GET', `/v1/nodes/${uuid}/bios/ProcTurboMode`, undefined, L);
    expect(bios.body.ProcTurboMode).to.include({ value: 'Enabled' });
    expect(sim.state.powerState).to.equal('Off');
  });

  it('updates firmware through SimpleUpdate and shows the versions before and after in GET /firmware', async () => {
    const n = await cleanOutOfBand([
      {
        interface: 'firmware',
        step: 'update',
        // Ironic's redfish arguments: the BMC fetches the image, so no checksum or version is needed.
        args: { settings: [{ component: 'bios', url: files.url('bios-2.11.0.bin') }] },
      },
    ]);
    expect(n.provision_state, n.last_error).to.equal('manageable');
    expect(sim.state.firmware.BIOS).to.equal('2.11.0');
    const fw = await api.call('GET', `/v1/nodes/${uuid}/firmware`, undefined, X);
    expect(fw.status, fw.message).to.equal(200);
    const bios = (fw.body.firmware as any[]).find((c) => c.component === 'bios');
    expect(bios).to.include({ initial_version: '2.10.0', current_version: '2.11.0', last_version_flashed: '2.11.0' });
    expect((fw.body.firmware as any[]).find((c) => c.component === 'bmc')).to.include({ current_version: sim.state.firmware.BMC });
  });

  it('pushes the image Tyr downloaded as multipart/form-data to MultipartHttpPushUri when driver_info asks for it', async () => {
    const patch = (op: unknown[]) => api.call('PATCH', `/v1/nodes/${uuid}`, op, L);
    expect((await patch([{ op: 'add', path: '/driver_info/redfish_firmware_update_method', value: 'multipart' }])).status).to.equal(200);
    const update = (checksum: string) =>
      cleanOutOfBand([
        {
          interface: 'firmware',
          step: 'update',
          args: { settings: [{ component: 'bmc', url: files.url('bmc-update.bin'), checksum, version: '1.20.0' }] },
        },
      ]);
    try {
      // Tyr downloaded the image, so it checks the checksum before the BMC sees a byte.
      const wrong = await update(`sha256:${'0'.repeat(64)}`);
      expect(wrong.provision_state).to.equal('clean failed');
      expect(wrong.last_error).to.contain('nothing was sent to the BMC');
      expect(sim.state.firmware.BMC).to.equal('1.00.0');
      await manageAgain();
      const n = await update(BMC_SHA256);
      expect(n.provision_state, n.last_error).to.equal('manageable');
      expect(sim.state.firmware.BMC).to.equal('1.20.0');
      const fw = await api.call('GET', `/v1/nodes/${uuid}/firmware`, undefined, X);
      expect((fw.body.firmware as any[]).find((c) => c.component === 'bmc')).to.include({
        current_version: '1.20.0',
        last_version_flashed: '1.20.0',
      });
    } finally {
      await patch([{ op: 'remove', path: '/driver_info/redfish_firmware_update_method' }]);
    }
  });

  it("fails an update whose image the BMC cannot fetch with the task's message in last_error", async () => {
    const n = await cleanOutOfBand([
      {
        interface: 'firmware',
        step: 'update',
        args: { settings: [{ component: 'bmc', url: files.url('bmc-9.9.9.bin') }] },
      },
    ]);
    expect(n.provision_state).to.equal('clean failed');
    expect(n.last_error).to.contain('firmware update of bmc').and.contain('Exception').and.contain('404');
    expect(sim.state.firmware.BMC).to.not.equal('9.9.9');
    await manageAgain();
  });

  it('refuses disable_ramdisk for a step that needs the ramdisk', async () => {
    const n = await cleanOutOfBand([{ interface: 'deploy', step: 'erase_devices_metadata' }]);
    expect(n.provision_state).to.equal('clean failed');
    expect(n.last_error).to.contain('deploy.erase_devices_metadata cannot run with "disable_ramdisk"');
    await manageAgain();
  });

  it('creates a RAID1 volume over both drives, then deletes every volume', async () => {
    const target = await api.call(
      'PUT',
      `/v1/nodes/${uuid}/states/raid`,
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] },
      L,
    );
    expect(target.status, target.message).to.equal(204);
    let n = await cleanOutOfBand([{ interface: 'raid', step: 'create_configuration' }]);
    expect(n.provision_state, n.last_error).to.equal('manageable');
    expect(sim.state.volumes).to.have.length(1);
    expect(sim.state.volumes[0]).to.deep.include({ raidType: 'RAID1', capacityBytes: 240 * GiB });
    expect(sim.state.volumes[0]!.drives.sort()).to.deep.equal(['Disk.0', 'Disk.1']);
    expect(n.raid_config.logical_disks).to.have.length(1);
    expect(n.raid_config.logical_disks[0]).to.include({ raid_level: '1', size_gb: 240, is_root_volume: true });
    expect(n.raid_config.logical_disks[0].physical_disks).to.have.members(['Disk.0', 'Disk.1']);

    n = await cleanOutOfBand([{ interface: 'raid', step: 'delete_configuration' }]);
    expect(n.provision_state, n.last_error).to.equal('manageable');
    expect(sim.state.volumes).to.deep.equal([]);
    expect(n.raid_config).to.deep.equal({});
  });

  it('fails RAID levels the controller does not advertise, naming the supported ones', async () => {
    await api.call('PUT', `/v1/nodes/${uuid}/states/raid`, { logical_disks: [{ size_gb: 10, raid_level: '6' }] }, L);
    const n = await cleanOutOfBand([{ interface: 'raid', step: 'create_configuration' }]);
    expect(n.provision_state).to.equal('clean failed');
    expect(n.last_error).to.match(/raid_level 6 \(RAID6\) is not supported.*supported levels: 0, 1, 5, 1\+0/);
    expect(sim.state.volumes).to.deep.equal([]);
    await manageAgain();
  });
});
