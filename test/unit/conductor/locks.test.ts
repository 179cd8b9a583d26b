// Node locks, the worker pool and failure paths: one winner among simultaneous requests,
// NodeLocked for the rest, a full pool refused with 503 before anything changes, and no lock
// left behind on any path.
import { expect } from 'chai';
import { NodeLocked, NoFreeConductorWorker } from '../../../core/errors.js';
import { BUILTIN_HARDWARE_TYPES } from '../../../core/drivers/hardware-types.js';
import { CONTROLLABLE_HARDWARE, ControllablePower } from './controllable-power.js';
import { harness, type Harness } from './helpers.js';

describe('conductor: locks and workers', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('20 simultaneous deploys of one node: exactly one wins, 19 get NodeLocked (409), no lock left', async () => {
    h = await harness({ env: { TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '1500' } });
    await h.conductor.start();
    const node = await h.createNode({ provision_state: 'available' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => h.conductor.doProvisionAction(node.uuid, 'active', {})));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(1);
    expect(lost).to.have.length(19);
    for (const r of lost) {
      expect(r.reason).to.be.instanceOf(NodeLocked);
      expect(r.reason.status).to.equal(409);
      expect(r.reason.message).to.contain('test-conductor');
    }
    expect((await h.store.nodes.getById(node.id)).provision_state).to.equal('deploying');
    await h.conductor.idle();
    const done = await h.store.nodes.getById(node.id);
    expect(done).to.include({ provision_state: 'active', reservation: null });
    const deploys = (await h.store.history.list(node.id)).filter((e) => e.event.includes('(deploy)'));
    expect(deploys).to.have.length(1);
  });

  it('a full worker pool answers NoFreeConductorWorker (503) and leaves the node untouched and unlocked', async () => {
    h = await harness({ env: { TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '500', TYR_CONDUCTOR_WORKERS_POOL_SIZE: '1' } });
    const a = await h.createNode({ provision_state: 'available' });
    const b = await h.createNode({ provision_state: 'available' });
    await h.conductor.doProvisionAction(a.uuid, 'deploy', {});
    const err = await h.conductor.doProvisionAction(b.uuid, 'deploy', {}).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NoFreeConductorWorker);
    expect((err as NoFreeConductorWorker).status).to.equal(503);
    expect(await h.store.nodes.getById(b.id)).to.include({ provision_state: 'available', reservation: null });
    await h.conductor.idle();
    await h.conductor.doProvisionAction(b.uuid, 'deploy', {});
    await h.conductor.idle();
    expect((await h.store.nodes.getById(b.id)).provision_state).to.equal('active');
  });

  it('a failing flow ends in the failed state with last_error, and releases the lock', async () => {
    const power = new ControllablePower();
    h = await harness({
      impls: (m) => ({ ...m, power: { ...m.power, controllable: () => power } }),
      hardwareTypes: [...BUILTIN_HARDWARE_TYPES, CONTROLLABLE_HARDWARE],
    });
    const node = await h.createNode({ driver: 'controllable-hardware', provision_state: 'available' });
    power.failing = true;
    await h.conductor.doProvisionAction(node.uuid, 'deploy', {});
    await h.conductor.idle();
    const n = await h.store.nodes.getById(node.id);
    expect(n).to.include({ provision_state: 'deploy failed', target_provision_state: 'active', reservation: null });
    expect(n.last_error).to.match(/^Deploy failed: BMC did not answer/);
    // and a failed power change records last_error and clears target_power_state
    await h.conductor.changePowerState(node.uuid, 'power on');
    await h.conductor.idle();
    const p = await h.store.nodes.getById(node.id);
    expect(p).to.include({ target_power_state: null, reservation: null });
    expect(p.last_error).to.contain('Failed to change power state to "power on"');
  });

  it('verbs refused inside the lock (maintenance, bad args) release it', async () => {
    h = await harness();
    const node = await h.createNode({ provision_state: 'available', maintenance: true });
    const err = (await h.conductor.doProvisionAction(node.uuid, 'deploy', {}).catch((e: unknown) => e)) as Error & { status: number };
    expect(err.status).to.equal(400);
    expect(err.message).to.contain('maintenance');
    expect((await h.store.nodes.getById(node.id)).reservation).to.equal(null);
    const bad = (await h.conductor.doProvisionAction(node.uuid, 'rescue', {}).catch((e: unknown) => e)) as Error & { status: number };
    expect(bad.status).to.equal(400);
    expect(bad.message).to.contain('rescue_password');
  });

  it("another holder's lock is reported with its name after the bounded retry", async () => {
    h = await harness({ env: { TYR_CONDUCTOR_NODE_LOCKED_RETRY_ATTEMPTS: '3' } });
    const node = await h.createNode();
    expect(await h.store.nodes.reserve(node.id, 'other-host')).to.equal(true);
    const started = Date.now();
    const err = (await h.conductor.updateNode(node.uuid, { description: 'x' }).catch((e: unknown) => e)) as Error;
    expect(err).to.be.instanceOf(NodeLocked);
    expect(err.message).to.contain('other-host');
    expect(Date.now() - started).to.be.below(1000);
    await h.store.nodes.release(node.id, 'other-host');
    expect((await h.conductor.updateNode(node.uuid, { description: 'x' })).description).to.equal('x');
  });
});
