// An `ipmi` node driven through the REST API, with the whole server in-process (temp SQLite,
// API on a free port) and its BMC a real ipmi_sim reached by real ipmitool.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('ipmi node through the API (ipmi_sim)', function () {
  this.timeout(60000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;

  before(async () => {
    bmc = await startBmc();
    api = await startApi({
      ipmi: { command_timeout: 2, command_retry_timeout: 0, min_command_interval_ms: 20 },
      // Periodic tasks off: the test runs sync passes itself, so it controls the timing.
      conductor: { sync_power_state_interval: 0, power_failure_maintenance_threshold: 2, power_state_change_timeout: 10 },
    });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const node = await client.nodes.create({ driver: 'ipmi', name: 'ipmi-api-node', driver_info: bmc.driverInfo() });
    uuid = node.uuid;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20000 });
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
  });

  /** Changes the power behind Tyr's back, with ipmitool itself. */
  function ipmitoolPower(state: 'on' | 'off') {
    execFileSync(
      'ipmitool',
      ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(bmc.port), '-U', 'admin', '-E', 'chassis', 'power', state],
      { env: { ...process.env, IPMI_PASSWORD: bmc.password } },
    );
  }

  it('masks the BMC password and validates the power and management interfaces', async () => {
    const node = await client.nodes.get(uuid);
    expect((node.driver_info as Record<string, unknown>).ipmi_password).to.equal('******');
    const v = await client.http.get<Record<string, { result: boolean }>>(`/v1/nodes/${uuid}/validate`);
    expect(v.power!.result).to.equal(true);
    expect(v.management!.result).to.equal(true);
  });

  it('powers on, off and reboots through PUT /states/power', async () => {
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    expect(bmc.powerState()).to.equal('on');
    await client.nodes.setPowerState(uuid, 'power off');
    await client.nodes.waitForPowerState(uuid, 'power off', { timeoutMs: 15000 });
    expect(bmc.powerState()).to.equal('off');
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    await client.nodes.setPowerState(uuid, 'rebooting');
    const n = await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    expect(n.last_error ?? null).to.equal(null);
    expect(bmc.powerState()).to.equal('on');
  });

  it('sets and reads the boot device through /management/boot_device', async () => {
    expect(await client.nodes.supportedBootDevices(uuid)).to.have.members(['pxe', 'disk', 'cdrom', 'bios']);
    await client.nodes.setBootDevice(uuid, 'pxe', true);
    expect(bmc.bootDevice()).to.equal('pxe');
    expect(await client.nodes.getBootDevice(uuid)).to.deep.include({ boot_device: 'pxe' });
    await client.nodes.setBootDevice(uuid, 'disk');
    expect(bmc.bootDevice()).to.equal('default');
    expect(await client.nodes.getBootDevice(uuid)).to.deep.include({ boot_device: 'disk' });
  });

  it('power sync notices a change made behind its back', async () => {
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    ipmitoolPower('off');
    expect(bmc.powerState()).to.equal('off');
    await api.server.conductor.syncPowerStates();
    // force_power_state_during_sync defaults to true: Tyr puts the recorded state back.
    expect(bmc.powerState()).to.equal('on');
    const events = (await client.nodes.history(uuid)).map((e) => String(e.event));
    expect(events.some((e) => /changed outside Tyr/.test(e) && /power off/.test(e))).to.equal(true);
  });

  it('puts the node in maintenance with fault "power failure" when the BMC stops answering, and recovers', async () => {
    await bmc.kill();
    await api.server.conductor.syncPowerStates();
    let node = await client.nodes.get(uuid);
    expect(node.maintenance, 'after one failure').to.equal(false);
    await api.server.conductor.syncPowerStates();
    node = await client.nodes.get(uuid);
    expect(node.maintenance).to.equal(true);
    expect(node.fault).to.equal('power failure');
    expect(String(node.maintenance_reason)).to.contain(`127.0.0.1:${bmc.port}`);

    await bmc.restart();
    await api.server.conductor.syncPowerStates();
    node = await client.nodes.get(uuid);
    expect(node.maintenance).to.equal(false);
    expect(node.fault ?? null).to.equal(null);
    expect(node.power_state).to.equal('power on');
  });
});
