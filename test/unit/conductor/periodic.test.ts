// Periodic tasks: power-state sync (mismatch force/adopt, BMC failures → maintenance with fault,
// automatic recovery), wait-state timeouts, and batching over more nodes than one page.
import { expect } from 'chai';
import { BUILTIN_HARDWARE_TYPES } from '../../../core/drivers/hardware-types.js';
import { BATCH_SIZE } from '../../../core/conductor/periodic/batches.js';
import { CONTROLLABLE_HARDWARE, ControllablePower } from './controllable-power.js';
import { harness, type Harness } from './helpers.js';

describe('conductor: periodic tasks', () => {
  let h: Harness;
  let power: ControllablePower;
  afterEach(async () => {
    await h?.close();
  });

  async function setup(env: Record<string, string> = {}) {
    power = new ControllablePower();
    h = await harness({
      env,
      impls: (m) => ({ ...m, power: { ...m.power, controllable: () => power } }),
      hardwareTypes: [...BUILTIN_HARDWARE_TYPES, CONTROLLABLE_HARDWARE],
    });
  }

  it('forces the recorded power state on a mismatch and records it in history', async () => {
    await setup();
    const node = await h.createNode({ driver: 'controllable-hardware', provision_state: 'active', power_state: 'power on' });
    power.real = 'power off';
    await h.conductor.syncPowerStates();
    expect(power.real).to.equal('power on');
    const n = await h.store.nodes.getById(node.id);
    expect(n).to.include({ power_state: 'power on', reservation: null });
    const events = (await h.store.history.list(node.id)).map((e) => e.event);
    expect(events.some((e) => e.includes('recorded power on, BMC reports power off; forcing power on'))).to.equal(true);
  });

  it('adopts the real power state when force_power_state_during_sync is off', async () => {
    await setup({ TYR_CONDUCTOR_FORCE_POWER_STATE_DURING_SYNC: 'false' });
    const node = await h.createNode({ driver: 'controllable-hardware', provision_state: 'active', power_state: 'power on' });
    power.real = 'power off';
    await h.conductor.syncPowerStates();
    expect(power.real).to.equal('power off');
    expect((await h.store.nodes.getById(node.id)).power_state).to.equal('power off');
  });

  it('adopts, never forces, the real power state of a node waiting for its ramdisk', async () => {
    await setup();
    const node = await h.createNode({ driver: 'controllable-hardware', provision_state: 'clean wait', power_state: 'power off' });
    power.real = 'power on';
    await h.conductor.syncPowerStates();
    expect(power.real, 'the booting machine stays on').to.equal('power on');
    expect((await h.store.nodes.getById(node.id)).power_state).to.equal('power on');
  });

  it('after N failures puts the node in maintenance with fault "power failure", and recovers it', async () => {
    await setup({ TYR_CONDUCTOR_POWER_FAILURE_MAINTENANCE_THRESHOLD: '2' });
    const node = await h.createNode({ driver: 'controllable-hardware', provision_state: 'manageable', power_state: 'power off' });
    power.failing = true;
    await h.conductor.syncPowerStates();
    expect((await h.store.nodes.getById(node.id)).maintenance, 'not after one failure').to.equal(false);
    await h.conductor.syncPowerStates();
    let n = await h.store.nodes.getById(node.id);
    expect(n).to.include({ maintenance: true, fault: 'power failure', reservation: null });
    expect(n.last_error).to.contain('did not answer 2 times in a row').and.to.contain('BMC did not answer (simulated)');
    await h.conductor.syncPowerStates();
    expect((await h.store.nodes.getById(node.id)).maintenance, 'stays while the BMC is down').to.equal(true);
    power.failing = false;
    power.real = 'power on';
    await h.conductor.syncPowerStates();
    n = await h.store.nodes.getById(node.id);
    expect(n).to.include({ maintenance: false, fault: null, maintenance_reason: null, power_state: 'power on' });
  });

  it('leaves maintenance set by an operator alone, and skips enroll and locked nodes', async () => {
    await setup();
    const manual = await h.createNode({
      driver: 'controllable-hardware',
      provision_state: 'manageable',
      maintenance: true,
      maintenance_reason: 'by hand',
    });
    const enroll = await h.createNode({ driver: 'controllable-hardware', provision_state: 'enroll', power_state: 'power on' });
    power.failing = false;
    power.real = 'power off';
    await h.conductor.syncPowerStates();
    expect((await h.store.nodes.getById(manual.id)).maintenance).to.equal(true);
    expect((await h.store.nodes.getById(enroll.id)).power_state).to.equal('power on');
    expect(power.calls).to.deep.equal([]);
  });

  it('walks more nodes than one batch', async () => {
    await setup();
    const count = BATCH_SIZE + 5;
    for (let i = 0; i < count; i++)
      await h.store.nodes.create({ driver: 'fake-hardware', provision_state: 'manageable', power_state: 'power off' });
    expect(await h.conductor.syncPowerStates()).to.equal(count);
  });

  it('moves nodes waiting too long to their failed state with last_error', async () => {
    await setup({ TYR_CONDUCTOR_DEPLOY_CALLBACK_TIMEOUT: '60', TYR_CONDUCTOR_CLEAN_CALLBACK_TIMEOUT: '0' });
    const old = new Date(Date.now() - 120_000).toISOString();
    const waiting = await h.createNode({ provision_state: 'wait call-back', target_provision_state: 'active', provision_updated_at: old });
    const fresh = await h.createNode({ provision_state: 'wait call-back', provision_updated_at: new Date().toISOString() });
    const cleanOff = await h.createNode({ provision_state: 'clean wait', provision_updated_at: old });
    expect(await h.conductor.checkWaitTimeouts()).to.equal(1);
    const n = await h.store.nodes.getById(waiting.id);
    expect(n).to.include({ provision_state: 'deploy failed', reservation: null });
    expect(n.last_error).to.contain('Timeout reached while waiting for the deploy ramdisk').and.to.contain('deploy_callback_timeout');
    expect((await h.store.nodes.getById(fresh.id)).provision_state).to.equal('wait call-back');
    expect((await h.store.nodes.getById(cleanOff.id)).provision_state, 'timeout 0 disables').to.equal('clean wait');
  });
});
