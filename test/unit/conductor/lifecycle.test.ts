// The provision flows end to end on fake-hardware, against a real SQLite database.
import { expect } from 'chai';
import { harness, type Harness } from './helpers.js';

describe('conductor: fake-hardware life cycle', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await h.conductor.start();
  });
  afterEach(async () => {
    await h.close();
  });

  async function act(uuid: string, verb: string, args = {}) {
    await h.conductor.doProvisionAction(uuid, verb, args);
    await h.conductor.idle();
    return h.store.nodes.getByIdent(uuid);
  }

  it('enroll → manageable → available → active → available, with history and no lock left', async () => {
    const node = await h.createNode();
    expect(node.power_interface).to.equal('fake');
    let n = await act(node.uuid, 'manage');
    expect(n.provision_state).to.equal('manageable');
    // A fake node's power state is unknown (null) until something switches it, as Ironic's fake.
    expect(n.power_state).to.equal(null);
    n = await act(node.uuid, 'provide');
    expect(n.provision_state).to.equal('available');
    n = await act(node.uuid, 'deploy', { configdrive: 'abc' });
    expect(n).to.include({
      provision_state: 'active',
      target_provision_state: null,
      power_state: 'power on',
      last_error: null,
      reservation: null,
    });
    expect(n.instance_info.configdrive).to.equal('abc');
    n = await act(node.uuid, 'deleted');
    expect(n).to.include({ provision_state: 'available', power_state: 'power off', reservation: null });
    const history = await h.store.history.list(node.id);
    expect(history.map((e) => e.event)).to.include.members([
      'enroll -> verifying (manage)',
      'verifying -> manageable (done)',
      'available -> deploying (deploy)',
      'deploying -> active (done)',
      'active -> deleting (delete)',
      'deleting -> cleaning (clean)',
      'cleaning -> available (done)',
    ]);
  });

  it('inspect, rescue/unrescue, manual clean and adopt run through fake interfaces', async () => {
    const node = await h.createNode({ provision_state: 'manageable' });
    let n = await act(node.uuid, 'inspect');
    expect(n.provision_state).to.equal('manageable');
    expect(n.properties).to.include({ cpus: 2, memory_mb: 2048 });
    n = await act(node.uuid, 'clean', { clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] });
    expect(n).to.include({ provision_state: 'manageable', target_provision_state: null });
    n = await act(node.uuid, 'adopt');
    expect(n.provision_state).to.equal('active');
    n = await act(node.uuid, 'rescue', { rescue_password: 'pw' });
    expect(n.provision_state).to.equal('rescue');
    n = await act(node.uuid, 'unrescue');
    expect(n.provision_state).to.equal('active');
  });

  it('power on/off/reboot set target_power_state during the change and clear it after', async () => {
    const slow = await harness({ env: { TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '200' } });
    try {
      const node = await slow.createNode();
      await slow.conductor.changePowerState(node.uuid, 'power on');
      let n = await slow.store.nodes.getById(node.id);
      expect(n.target_power_state).to.equal('power on');
      expect(n.reservation).to.equal('test-conductor');
      await slow.conductor.idle();
      n = await slow.store.nodes.getById(node.id);
      expect(n).to.include({ power_state: 'power on', target_power_state: null, reservation: null });
      await slow.conductor.changePowerState(node.uuid, 'rebooting');
      await slow.conductor.idle();
      expect((await slow.store.nodes.getById(node.id)).power_state).to.equal('power on');
    } finally {
      await slow.close();
    }
  });
});
