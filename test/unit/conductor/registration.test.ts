// Conductor registration and restart recovery, in process (the kill -9 variant is in
// test/integration/conductor/restart.test.ts).
import { expect } from 'chai';
import { harness, type Harness } from './helpers.js';
import { until } from '../../helpers/until.js';

describe('conductor: registration and recovery', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('registers with its hardware types and goes offline on stop', async () => {
    h = await harness({ host: 'cond-a' });
    await h.conductor.start();
    const row = await h.store.conductors.findByHostname('cond-a');
    expect(row).to.include({ online: true, conductor_group: '' });
    expect(row!.hardware_types).to.include.members(['fake-hardware', 'manual-management']);
    await h.conductor.stop();
    expect((await h.store.conductors.findByHostname('cond-a'))!.online).to.equal(false);
  });

  it('heartbeats on its interval', async function () {
    this.timeout(10000);
    h = await harness({ host: 'cond-a', env: { TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '1' } });
    await h.conductor.start();
    const first = (await h.store.conductors.findByHostname('cond-a'))!.updated_at;
    const later = await until('a heartbeat one interval (1 s) later', 2500, async () => {
      const now = (await h.store.conductors.findByHostname('cond-a'))!.updated_at;
      return Date.parse(now) > Date.parse(first) && now;
    });
    expect(Date.parse(later)).to.be.greaterThan(Date.parse(first));
  });

  it("fails nodes it left mid-operation, clears its own locks, and leaves other hosts' locks", async () => {
    h = await harness({ host: 'cond-a' });
    const deploying = await h.createNode({ provision_state: 'deploying', target_provision_state: 'active', reservation: 'cond-a' });
    const verifying = await h.createNode({ provision_state: 'verifying', target_provision_state: 'manageable', reservation: 'cond-a' });
    const powering = await h.createNode({ provision_state: 'active', target_power_state: 'power off', reservation: 'cond-a' });
    const stable = await h.createNode({ provision_state: 'manageable', reservation: 'cond-a' });
    const other = await h.createNode({ provision_state: 'cleaning', reservation: 'cond-b' });
    await h.conductor.start();

    const d = await h.store.nodes.getById(deploying.id);
    expect(d).to.include({ provision_state: 'deploy failed', reservation: null });
    expect(d.last_error).to.equal('Conductor cond-a restarted while the node was deploying; the operation was aborted. Retry the deploy.');
    const v = await h.store.nodes.getById(verifying.id);
    expect(v).to.include({ provision_state: 'enroll', target_provision_state: null, reservation: null });
    const p = await h.store.nodes.getById(powering.id);
    expect(p).to.include({ provision_state: 'active', target_power_state: null, reservation: null });
    expect(p.last_error).to.contain('power state');
    expect(await h.store.nodes.getById(stable.id)).to.include({ provision_state: 'manageable', reservation: null, last_error: null });
    expect(await h.store.nodes.getById(other.id)).to.include({ provision_state: 'cleaning', reservation: 'cond-b' });
    const history = await h.store.history.list(deploying.id);
    expect(history.at(-1)).to.include({ severity: 'error', conductor: 'cond-a' });
  });

  it("a node recovered out of an agent state keeps no agent token: the dead operation's agent cannot speak for it", async () => {
    h = await harness({ host: 'cond-a' });
    const waiting = await h.createNode({
      provision_state: 'clean wait',
      target_provision_state: 'available',
      reservation: 'cond-a',
      driver_internal_info: { agent_secret_token: 'secret-of-the-dead-boot', agent_url: 'http://192.0.2.5:9999', agent_version: '1.0' },
    });
    await h.conductor.start();
    const n = await h.store.nodes.getById(waiting.id);
    expect(n).to.include({ provision_state: 'clean failed', reservation: null });
    expect(n.driver_internal_info).to.not.have.any.keys('agent_secret_token', 'agent_url');
    expect(n.driver_internal_info).to.include({ agent_version: '1.0' });
  });

  it('stop() aborts running work: the node records why and its lock is released', async () => {
    h = await harness({ host: 'cond-a', env: { TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '60000' } });
    await h.conductor.start();
    const node = await h.createNode({ provision_state: 'available' });
    await h.conductor.doProvisionAction(node.uuid, 'deploy', {});
    await h.conductor.stop();
    const n = await h.store.nodes.getById(node.id);
    expect(n).to.include({ provision_state: 'deploy failed', reservation: null });
    expect(n.last_error).to.contain('Conductor cond-a was stopped while the operation was running');
  });
});
