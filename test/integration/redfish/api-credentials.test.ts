// A wrong BMC password on a `redfish` node, through the API: "manage" fails with a last_error
// that says what to fix, and power sync puts a node whose password went bad in maintenance after
// repeated failures, without a lock-out loop of logins on the BMC.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { QUICK_REDFISH } from './helpers.js';

describe('redfish node with a wrong password (tyr-redfish-sim)', function () {
  this.timeout(60000);
  let sim: RedfishSim;
  let api: ApiHarness;
  let client: TyrClient;

  before(async () => {
    sim = await startRedfishSim();
    api = await startApi(QUICK_REDFISH);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
  });
  after(async () => {
    await api?.stop();
    await sim?.stop();
  });

  it('fails "manage" with a last_error naming the BMC, the user and the keys to check', async () => {
    const node = await client.nodes.create({
      driver: 'redfish',
      driver_info: { ...sim.driverInfo(), redfish_password: 'not-the-password' },
    });
    await client.nodes.setProvisionState(node.uuid, 'manage');
    const failed = await client.nodes.waitForProvisionState(node.uuid, 'enroll', { timeoutMs: 20000 });
    expect(failed.last_error).to.contain(`Redfish BMC at ${sim.url} refused the credentials for user ${sim.username}`);
    expect(failed.last_error).to.contain('check redfish_username/redfish_password');
    expect(failed.last_error).not.to.contain('not-the-password');
  });

  it('puts a node whose password went bad in maintenance after repeated power sync failures, with bounded logins', async () => {
    const node = await client.nodes.create({ driver: 'redfish', driver_info: sim.driverInfo() });
    await client.nodes.setProvisionState(node.uuid, 'manage');
    await client.nodes.waitForProvisionState(node.uuid, 'manageable', { timeoutMs: 20000 });
    await client.nodes.patch(node.uuid, [{ op: 'replace', path: '/driver_info/redfish_password', value: 'changed-behind-our-back' }]);

    const before = sim.stats.requests;
    await api.server.conductor.syncPowerStates();
    expect((await client.nodes.get(node.uuid)).maintenance, 'after one failure').to.equal(false);
    await api.server.conductor.syncPowerStates();
    const after = await client.nodes.get(node.uuid);
    expect(after.maintenance).to.equal(true);
    expect(after.fault).to.equal('power failure');
    expect(after.last_error).to.contain('refused the credentials');
    // Recovery passes keep asking too; still the refusal is remembered, not retried on the BMC.
    for (let i = 0; i < 3; i++) await api.server.conductor.syncPowerStates();
    // One refused login (plus the service root read before it) for five passes, not one per pass.
    // The first node's refused login is remembered too, so at most one per credentials.
    expect(sim.stats.requests - before).to.be.at.most(2);
  });
});
