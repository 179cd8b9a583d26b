// Debian's real `baremetal` CLI enrolling a `redfish` node with Ironic's driver_info keys, then
// managing it and switching its power, against Tyr in-process and the lab Redfish simulator.
import { expect } from 'chai';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { baremetalCliChecked } from '../../helpers/baremetal-cli.js';
import { until } from '../../helpers/until.js';
import { QUICK_REDFISH } from './helpers.js';

describe('redfish node through the baremetal CLI (tyr-redfish-sim)', function () {
  this.timeout(180_000);
  let sim: RedfishSim;
  let api: ApiHarness;
  const { json, ok } = baremetalCliChecked(() => api.url);

  before(async () => {
    sim = await startRedfishSim();
    api = await startApi(QUICK_REDFISH);
  });
  after(async () => {
    await api?.stop();
    await sim?.stop();
  });

  it('lists the redfish driver, enrolls a node with Ironic keys, manages it and powers it on', async () => {
    const drivers = await json('driver', 'list');
    expect(drivers.map((d: Record<string, unknown>) => d['Supported driver(s)'])).to.include('redfish');

    const info = sim.driverInfo();
    const args = Object.entries({ ...info, redfish_system_id: '/redfish/v1/Systems/1', redfish_auth_type: 'session' }).flatMap(([k, v]) => [
      '--driver-info',
      `${k}=${v}`,
    ]);
    const node = await json('node', 'create', '--driver', 'redfish', '--name', 'cli-rf-node', ...args);
    expect(node.driver).to.equal('redfish');
    expect(node.driver_info.redfish_password).to.equal('******');
    expect(node.driver_info.redfish_address).to.equal(sim.url);

    await ok('node', 'manage', 'cli-rf-node', '--wait', '60');
    await ok('node', 'power', 'on', 'cli-rf-node');
    await until('the machine on', 30_000, () => sim.state.powerState === 'On');
    const shown = await json('node', 'show', 'cli-rf-node', '--fields', 'power_state', 'provision_state', 'last_error');
    expect(shown).to.deep.include({ power_state: 'power on', provision_state: 'manageable', last_error: null });
  });
});
