// The provision state table and its engine: every row applied to a stored node, and every
// operator verb tried in every state against an independent list of what Ironic allows.
import { expect } from 'chai';
import { InvalidStateRequested } from '../../../core/errors.js';
import { applyEvent } from '../../../core/conductor/fsm.js';
import { PROVISION_STATES, ROW_TARGETS, TRANSITIONS, type ProvisionState } from '../../../core/states/provision-states.js';
import { VERBS } from '../../../core/states/provision-verbs.js';
import { harness, type Harness } from './helpers.js';

// Written out by hand from Ironic's state diagram, not derived from the table under test.
const ALLOWED: Record<ProvisionState, string[]> = {
  enroll: ['manage'],
  verifying: [],
  manageable: ['provide', 'clean', 'inspect', 'adopt'],
  inspecting: [],
  'inspect wait': ['abort'],
  'inspect failed': ['manage', 'inspect'],
  available: ['deploy', 'active', 'manage'],
  deploying: [],
  'wait call-back': ['deleted', 'undeploy', 'abort'],
  'deploy failed': ['deploy', 'active', 'rebuild', 'deleted', 'undeploy'],
  active: ['rebuild', 'deleted', 'undeploy', 'rescue'],
  deleting: [],
  cleaning: [],
  'clean wait': ['abort'],
  'clean failed': ['manage'],
  error: ['rebuild', 'deleted', 'undeploy'],
  rescuing: [],
  'rescue wait': ['abort', 'deleted', 'undeploy'],
  'rescue failed': ['rescue', 'unrescue', 'deleted', 'undeploy'],
  rescue: ['rescue', 'unrescue', 'deleted', 'undeploy'],
  unrescuing: [],
  'unrescue failed': ['rescue', 'unrescue', 'deleted', 'undeploy'],
  adopting: [],
  'adopt failed': ['adopt', 'manage'],
};

const ARGS: Record<string, object> = {
  rescue: { rescue_password: 'secret' },
  clean: { clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] },
};

describe('provision state machine', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h.close();
  });

  it('every state is tagged and every row names known states', () => {
    const states = Object.keys(PROVISION_STATES);
    expect(states).to.have.length(24);
    for (const [from, , to] of TRANSITIONS) {
      expect(states).to.include(from);
      expect(states).to.include(to);
    }
    for (const [name, info] of Object.entries(PROVISION_STATES)) {
      if (info.kind === 'in-progress' || info.kind === 'wait') expect(info, name).to.have.property('onInterrupt');
    }
    const keys = TRANSITIONS.map(([f, e]) => `${f}/${e}`);
    expect(new Set(keys).size, 'no (state, event) pair twice').to.equal(keys.length);
  });

  for (const [from, event, to] of TRANSITIONS) {
    it(`row: ${from} --${event}--> ${to}`, async () => {
      const node = await h.createNode({ provision_state: from, target_provision_state: 'manageable', last_error: 'old error' });
      const failing = event === 'fail' || event === 'abort';
      const before = Date.now();
      const updated = await applyEvent(h.store, node, event, failing ? { error: 'it broke' } : {});
      expect(updated.provision_state).to.equal(to);
      expect(Date.parse(updated.provision_updated_at!)).to.be.at.least(before - 5);
      const keeps = event === 'wait' || event === 'resume';
      const row = ROW_TARGETS.find(([f, e]) => f === from && e === event);
      expect(updated.target_provision_state).to.equal(keeps ? 'manageable' : row ? row[2] : PROVISION_STATES[to].target);
      expect(updated.last_error).to.equal(failing ? 'it broke' : keeps ? 'old error' : null);
      const history = await h.store.history.list(node.id);
      expect(history).to.have.length(1);
      expect(history[0]!.event).to.contain(`${from} -> ${to} (${event})`);
      expect(history[0]!.severity).to.equal(failing ? 'error' : 'info');
    });
  }

  it('an event with no row is refused with InvalidStateRequested and changes nothing', async () => {
    const node = await h.createNode({ provision_state: 'active' });
    const err = await applyEvent(h.store, node, 'provide').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidStateRequested);
    expect((await h.store.nodes.getById(node.id)).provision_state).to.equal('active');
  });

  describe('every verb in every state', () => {
    for (const state of Object.keys(PROVISION_STATES) as ProvisionState[]) {
      it(`verbs from "${state}"`, async () => {
        const accepted: string[] = [];
        for (const verb of Object.keys(VERBS)) {
          const node = await h.createNode({ provision_state: state });
          try {
            await h.conductor.doProvisionAction(node.uuid, verb, ARGS[verb] ?? {});
            accepted.push(verb);
          } catch (err) {
            expect(err, `${verb} from ${state}`).to.be.instanceOf(InvalidStateRequested);
            expect((err as InvalidStateRequested).status).to.equal(400);
            expect((err as Error).message)
              .to.contain(`"${verb}"`)
              .and.to.contain(`"${state}"`);
            const after = await h.store.nodes.getById(node.id);
            expect(after.provision_state).to.equal(state);
            expect(after.reservation, 'lock released after a refusal').to.equal(null);
          }
          await h.conductor.idle();
        }
        expect(accepted.sort()).to.deep.equal([...ALLOWED[state]].sort());
      });
    }
  });

  it('an unknown verb is a 400 naming the valid ones', async () => {
    const node = await h.createNode();
    const err = (await h.conductor.doProvisionAction(node.uuid, 'explode', {}).catch((e: unknown) => e)) as Error & { status: number };
    expect(err.status).to.equal(400);
    expect(err.message).to.contain('Valid targets');
  });
});
