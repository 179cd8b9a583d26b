// A wrong BMC password on a `redfish` node, through the API: "manage" fails with a last_error
// that says what to fix, and power sync puts a node whose password went bad in maintenance after
// repeated failures, without a lock-out loop of logins on the BMC.
import { expect } from 'chai';
import { useSimAndApi } from './helpers.js';

describe('redfish node with a wrong password (tyr-redfish-sim)', function () {
  this.timeout(60000);
  const env = useSimAndApi();

  it('fails "manage" with a last_error naming the BMC, the user and the keys to check', async () => {
    const node = await env.client.nodes.create({
      driver: 'redfish',
      driver_info: { ...env.sim.driverInfo(), redfish_password: 'not-the-password' },
    });
    await env.client.nodes.setProvisionState(node.uuid, 'manage');
    const failed = await env.client.nodes.waitForProvisionState(node.uuid, 'enroll', { timeoutMs: 20000 });
    expect(failed.last_error).to.contain(`Redfish BMC at ${env.sim.url} refused the credentials for user ${env.sim.username}`);
    expect(failed.last_error).to.contain('check redfish_username/redfish_password');
    expect(failed.last_error).not.to.contain('not-the-password');
  });

  it('puts a node whose password went bad in maintenance after repeated power sync failures, with bounded logins', async () => {
    const node = await env.client.nodes.create({ driver: 'redfish', driver_info: env.sim.driverInfo() });
    await env.client.nodes.setProvisionState(node.uuid, 'manage');
    await env.client.nodes.waitForProvisionState(node.uuid, 'manageable', { timeoutMs: 20000 });
    await env.client.nodes.patch(node.uuid, [{ op: 'replace', path: '/driver_info/redfish_password', value: 'changed-behind-our-back' }]);

    const before = env.sim.stats.requests;
    await env.api.server.conductor.syncPowerStates();
    expect((await env.client.nodes.get(node.uuid)).maintenance, 'after one failure').to.equal(false);
    await env.api.server.conductor.syncPowerStates();
    const after = await env.client.nodes.get(node.uuid);
    expect(after.maintenance).to.equal(true);
    expect(after.fault).to.equal('power failure');
    expect(after.last_error).to.contain('refused the credentials');
    // Recovery passes keep asking too; still the refusal is remembered, not retried on the BMC.
    for (let i = 0; i < 3; i++) await env.api.server.conductor.syncPowerStates();
    // One refused login (plus the service root read before it) for five passes, not one per pass.
    // The first node's refused login is remembered too, so at most one per credentials.
    expect(env.sim.stats.requests - before).to.be.at.most(2);
  });
});
