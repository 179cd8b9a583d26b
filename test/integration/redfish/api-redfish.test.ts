// A `redfish` node driven through the REST API, with the whole server in-process and its BMC the
// lab Redfish simulator (memory mode, HTTPS with its self-signed certificate, verified against
// the sim's CA file through redfish_verify_ca).
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { until } from '../../helpers/until.js';
import { QUICK_REDFISH } from './helpers.js';

describe('redfish node through the API (tyr-redfish-sim)', function () {
  this.timeout(60000);
  let sim: RedfishSim;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;
  const V = { version: '1.82' };

  before(async () => {
    sim = await startRedfishSim();
    api = await startApi(QUICK_REDFISH);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    // Ironic's keys, the system id given as a bare id (the sim's driverInfo gives the path).
    const node = await client.nodes.create({
      driver: 'redfish',
      name: 'rf-api-node',
      driver_info: { ...sim.driverInfo(), redfish_system_id: '1' },
    });
    uuid = node.uuid;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20000 });
  });
  after(async () => {
    await api?.stop();
    await sim?.stop();
  });

  it('lists the redfish driver with its properties, masks the password and validates power and management', async () => {
    const props = await api.call('GET', '/v1/drivers/redfish/properties');
    expect(props.status).to.equal(200);
    expect(props.body).to.include.keys('redfish_address', 'redfish_system_id', 'redfish_verify_ca', 'redfish_auth_type', 'redfish_timeout');
    const node = await client.nodes.get(uuid);
    expect(node.power_interface).to.equal('redfish');
    expect(node.management_interface).to.equal('redfish');
    expect((node.driver_info as Record<string, unknown>).redfish_password).to.equal('******');
    expect(JSON.stringify(node)).not.to.contain(sim.password);
    const v = await client.http.get<Record<string, { result: boolean }>>(`/v1/nodes/${uuid}/validate`);
    expect(v.power!.result).to.equal(true);
    expect(v.management!.result).to.equal(true);
  });

  it('validate reports bad driver_info, naming the key and what it accepts', async () => {
    const res = await api.call(
      'POST',
      '/v1/nodes',
      { driver: 'redfish', driver_info: { ...sim.driverInfo(), redfish_auth_type: 'kerberos' } },
      V,
    );
    // Creation stores driver_info; the check comes with validate, as in Ironic.
    const made = res.body as { uuid: string };
    const v = await client.http.get<Record<string, { result: boolean; reason: string }>>(`/v1/nodes/${made.uuid}/validate`);
    expect(v.power!.result).to.equal(false);
    expect(v.power!.reason).to.contain('redfish_auth_type').and.contain('session, basic, auto');
    await client.nodes.delete(made.uuid);
  });

  it('powers on, off, reboots and soft powers off through PUT /states/power', async () => {
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    expect(sim.state.powerState).to.equal('On');
    await client.nodes.setPowerState(uuid, 'power off');
    await client.nodes.waitForPowerState(uuid, 'power off', { timeoutMs: 15000 });
    expect(sim.state.powerState).to.equal('Off');
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    const boots = sim.state.boots;
    await client.nodes.setPowerState(uuid, 'rebooting');
    let n = await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    expect(n.last_error ?? null).to.equal(null);
    expect(sim.state.boots).to.be.greaterThan(boots);
    await client.nodes.setPowerState(uuid, 'soft rebooting');
    n = await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    expect(n.last_error ?? null).to.equal(null);
    expect(sim.state.boots).to.be.greaterThan(boots + 1);
    await client.nodes.setPowerState(uuid, 'soft power off');
    await client.nodes.waitForPowerState(uuid, 'power off', { timeoutMs: 15000 });
    expect(sim.state.powerState).to.equal('Off');
  });

  it('sets and reads the boot device once and persistently', async () => {
    expect(await client.nodes.supportedBootDevices(uuid)).to.have.members(['pxe', 'disk', 'cdrom', 'bios', 'usb', 'uefi-http']);
    await client.nodes.setBootDevice(uuid, 'pxe', true);
    expect(sim.state.bootOverride).to.deep.include({ target: 'Pxe', enabled: 'Continuous' });
    expect(await client.nodes.getBootDevice(uuid)).to.deep.equal({ boot_device: 'pxe', persistent: true });
    await client.nodes.setBootDevice(uuid, 'cdrom');
    expect(sim.state.bootOverride).to.deep.include({ target: 'Cd', enabled: 'Once' });
    expect(await client.nodes.getBootDevice(uuid)).to.deep.equal({ boot_device: 'cdrom', persistent: false });
    for (const [device, target] of [
      ['disk', 'Hdd'],
      ['bios', 'BiosSetup'],
      ['usb', 'Usb'],
      ['uefi-http', 'UefiHttp'],
    ] as const) {
      await client.nodes.setBootDevice(uuid, device);
      expect(sim.state.bootOverride.target).to.equal(target);
    }
    const bad = await api.call('PUT', `/v1/nodes/${uuid}/management/boot_device`, { boot_device: 'floppy' }, V);
    expect(bad.status).to.equal(400);
  });

  it('changes the boot mode and secure boot through /states', async () => {
    const legacy = await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'bios' }, V);
    expect(legacy.status).to.equal(202);
    await until('boot mode Legacy on the BMC', 10000, () => sim.state.bootOverride.mode === 'Legacy');
    await api.call('PUT', `/v1/nodes/${uuid}/states/boot_mode`, { target: 'uefi' }, V);
    await until('boot mode UEFI on the BMC', 10000, () => sim.state.bootOverride.mode === 'UEFI');
    expect((await client.nodes.get(uuid)).boot_mode).to.equal('uefi');
    const secure = await api.call('PUT', `/v1/nodes/${uuid}/states/secure_boot`, { target: true }, V);
    expect(secure.status).to.equal(202);
    const node = await until('secure boot recorded (or an error)', 10000, async () => {
      const n = await client.nodes.get(uuid);
      return n.secure_boot === true || n.last_error ? n : undefined;
    });
    expect(node.last_error ?? null).to.equal(null);
    expect(sim.state.secureBootEnable).to.equal(true);
  });

  it("sets a boot device in the node's target boot mode (the boot_mode capability, UEFI by default)", async () => {
    const bootDisk = () => api.call('PUT', `/v1/nodes/${uuid}/management/boot_device`, { boot_device: 'disk', persistent: true }, V);
    const setCapabilities = (value: string) => client.nodes.patch(uuid, [{ op: 'add', path: '/properties/capabilities', value }]);
    await setCapabilities('boot_mode:bios');
    expect((await bootDisk()).status).to.equal(204);
    expect(sim.state.bootOverride).to.include({ target: 'Hdd', mode: 'Legacy' });
    await setCapabilities('boot_mode:uefi');
    expect((await bootDisk()).status).to.equal(204);
    expect(sim.state.bootOverride).to.include({ target: 'Hdd', mode: 'UEFI' });
    await client.nodes.patch(uuid, [{ op: 'remove', path: '/properties/capabilities' }]);
  });

  it('reads and sets the system and chassis indicators', async () => {
    const list = await api.call('GET', `/v1/nodes/${uuid}/management/indicators`, undefined, V);
    expect((list.body as { indicators: { name: string }[] }).indicators.map((i) => i.name)).to.have.members(['led@system', 'led@chassis']);
    let res = await api.call('PUT', `/v1/nodes/${uuid}/management/indicators/led@system`, { state: 'ON' }, V);
    expect(res.status).to.equal(204);
    expect(sim.state.locationIndicatorActive).to.equal(true);
    res = await api.call('GET', `/v1/nodes/${uuid}/management/indicators/led@system`, undefined, V);
    expect(res.body).to.deep.equal({ state: 'ON' });
    await api.call('PUT', `/v1/nodes/${uuid}/management/indicators/led@system`, { state: 'OFF' }, V);
    expect(sim.state.locationIndicatorActive).to.equal(false);
    res = await api.call('GET', `/v1/nodes/${uuid}/management/indicators/led@chassis`, undefined, V);
    expect(res.status).to.equal(200);
    expect(['ON', 'OFF', 'BLINKING', 'UNKNOWN']).to.include((res.body as { state: string }).state);
  });

  it('injects an NMI', async () => {
    await client.nodes.setPowerState(uuid, 'power on');
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: 15000 });
    const before = sim.state.nmis;
    await client.nodes.injectNmi(uuid);
    expect(sim.state.nmis).to.equal(before + 1);
  });

  it('power sync notices a change made behind its back and puts the recorded state back', async () => {
    sim.state.powerState = 'Off';
    await api.server.conductor.syncPowerStates();
    expect(sim.state.powerState).to.equal('On');
    const events = (await client.nodes.history(uuid)).map((e) => String(e.event));
    expect(events.some((e) => /changed outside Tyr/.test(e) && /power off/.test(e))).to.equal(true);
  });

  it('deletes every session it opened when the service stops', async () => {
    expect(sim.stats.sessionsOpened).to.be.greaterThan(0);
    // One session for the whole test: every node call and interface shared it.
    expect(sim.stats.sessionsOpened).to.equal(1);
    await api.stop();
    expect(sim.stats.sessionsClosed).to.equal(sim.stats.sessionsOpened);
  });
});
