// The named sets of provision states agree with the table they sit beside: a set that names a
// state the table does not know, or contradicts a state's kind, fails here.
import { expect } from 'chai';
import {
  AGENT_LOOKUP_ALLOWED_STATES,
  ALL_STATES,
  BOOTS_DEPLOY_RAMDISK_STATES,
  BOOTS_RESCUE_RAMDISK_STATES,
  DEALLOCATABLE_IN_TRANSITION_STATES,
  DELETABLE_STATES,
  FAILED_STATES,
  IMAGE_WRITING_STATES,
  IN_PROGRESS_STATES,
  INSTANCE_REMOVAL_ALLOWED_STATES,
  INTERFACE_UPDATE_STATES,
  isProvisionState,
  PROTECTABLE_STATES,
  PROVISION_STATES,
  STABLE_STATES,
  STATE,
  TRANSITIONS,
  UNPROVISION_STATES,
  UPDATE_ALLOWED_STATES,
  WAIT_STATES,
  type ProvisionEvent,
  type ProvisionState,
  type StateSet,
} from '../../../core/states/provision-states.js';
import { WAIT_TIMEOUTS } from '../../../core/conductor/periodic/wait-timeouts.js';
import { bootKindFor } from '../../../core/boot/boot-decision.js';

/** Events only the conductor raises while it works; an operator's verb never maps to them. */
const CONDUCTOR_EVENTS: ProvisionEvent[] = ['done', 'fail', 'wait', 'resume'];
const exits = (s: ProvisionState) => TRANSITIONS.filter(([from]) => from === s);
const has = (s: ProvisionState, event: ProvisionEvent) => exits(s).some(([, e]) => e === event);

const NAMED_SETS: Record<string, StateSet> = {
  AGENT_LOOKUP_ALLOWED_STATES,
  BOOTS_DEPLOY_RAMDISK_STATES,
  BOOTS_RESCUE_RAMDISK_STATES,
  DEALLOCATABLE_IN_TRANSITION_STATES,
  DELETABLE_STATES,
  FAILED_STATES,
  IMAGE_WRITING_STATES,
  IN_PROGRESS_STATES,
  INSTANCE_REMOVAL_ALLOWED_STATES,
  INTERFACE_UPDATE_STATES,
  PROTECTABLE_STATES,
  STABLE_STATES,
  UNPROVISION_STATES,
  UPDATE_ALLOWED_STATES,
  WAIT_STATES,
};

describe('provision state sets', () => {
  it('STATE names every state of the table, once', () => {
    expect(Object.values(STATE).sort()).to.deep.equal([...ALL_STATES].sort());
    for (const s of ALL_STATES) expect(isProvisionState(s), s).to.equal(true);
    for (const s of ['deployed', 'Active', '', 'constructor', 'toString', null, 3]) expect(isProvisionState(s), String(s)).to.equal(false);
  });

  it('every named set holds only known states, without duplicates, and answers has() like its members', () => {
    for (const [name, set] of Object.entries(NAMED_SETS)) {
      expect(set.members.length, name).to.be.above(0);
      expect(new Set(set.members).size, `${name} lists a state twice`).to.equal(set.members.length);
      for (const s of set.members) {
        expect(isProvisionState(s), `${name}: ${s}`).to.equal(true);
        expect(set.has(s), `${name}: ${s}`).to.equal(true);
      }
      expect(set.size, name).to.equal(set.members.length);
    }
  });

  it('the kind sets partition the table', () => {
    const kinds = [STABLE_STATES, IN_PROGRESS_STATES, WAIT_STATES, FAILED_STATES];
    expect(kinds.reduce((n, k) => n + k.size, 0)).to.equal(ALL_STATES.length);
    for (const s of ALL_STATES)
      expect(
        kinds.filter((k) => k.has(s)),
        s,
      ).to.have.length(1);
  });

  it('stable and failed states have no automatic exits: only an operator moves a node out', () => {
    for (const s of [...STABLE_STATES.members, ...FAILED_STATES.members]) {
      for (const event of CONDUCTOR_EVENTS) expect(has(s, event), `${s} --${event}-->`).to.equal(false);
      expect(PROVISION_STATES[s], s).not.to.have.property('onInterrupt');
    }
  });

  it('every in-progress state can fail, and knows where an interruption leaves it', () => {
    for (const s of IN_PROGRESS_STATES.members) {
      expect(has(s, 'fail'), `${s} --fail-->`).to.equal(true);
      expect(PROVISION_STATES[s], s).to.have.property('onInterrupt');
    }
  });

  it('every wait state times out: a fail row, an interruption target and a timeout option', () => {
    for (const s of WAIT_STATES.members) {
      expect(has(s, 'fail'), `${s} --fail-->`).to.equal(true);
      expect(has(s, 'abort') || has(s, 'delete'), `${s} can be given up by an operator`).to.equal(true);
      expect(PROVISION_STATES[s], s).to.have.property('onInterrupt');
      expect(WAIT_TIMEOUTS, s).to.have.property(s);
    }
    expect(Object.keys(WAIT_TIMEOUTS).sort()).to.deep.equal([...WAIT_STATES.members].sort());
  });

  it('abort is a row only from wait states (the conductor then powers the waiting machine off)', () => {
    const aborts = TRANSITIONS.filter(([, e]) => e === 'abort');
    expect(aborts.length).to.be.above(0);
    for (const [from, , to] of aborts) {
      expect(WAIT_STATES.has(from), from).to.equal(true);
      expect(FAILED_STATES.has(to), `${from} --abort--> ${to}`).to.equal(true);
    }
  });

  it('agent lookup is allowed exactly where Ironic allows it: working or waiting, never while verifying', () => {
    for (const s of AGENT_LOOKUP_ALLOWED_STATES.members) expect(IN_PROGRESS_STATES.has(s) || WAIT_STATES.has(s), s).to.equal(true);
    // Ironic's LOOKUP_ALLOWED_STATES (ironic/common/states.py): verification only talks to the BMC.
    expect(AGENT_LOOKUP_ALLOWED_STATES.has(STATE.VERIFYING)).to.equal(false);
    expect(BOOTS_DEPLOY_RAMDISK_STATES.has(STATE.VERIFYING)).to.equal(false);
  });

  it('a machine boots a ramdisk in every state where its agent may look the node up', () => {
    for (const s of AGENT_LOOKUP_ALLOWED_STATES.members) {
      expect(BOOTS_DEPLOY_RAMDISK_STATES.has(s) || BOOTS_RESCUE_RAMDISK_STATES.has(s), s).to.equal(true);
    }
    for (const s of BOOTS_DEPLOY_RAMDISK_STATES.members) expect(BOOTS_RESCUE_RAMDISK_STATES.has(s), s).to.equal(false);
    // A rescued node keeps running the rescue ramdisk but no longer talks to the conductor.
    expect(BOOTS_RESCUE_RAMDISK_STATES.has(STATE.RESCUE)).to.equal(true);
    expect(AGENT_LOOKUP_ALLOWED_STATES.has(STATE.RESCUE)).to.equal(false);
  });

  it('the boot server sends a verifying node to its disk (the boot decision uses the same sets)', () => {
    expect(bootKindFor({ provision_state: STATE.VERIFYING }, false).kind).to.equal('local');
    for (const s of BOOTS_DEPLOY_RAMDISK_STATES.members) expect(bootKindFor({ provision_state: s }, false).kind, s).to.equal('deploy');
    for (const s of BOOTS_RESCUE_RAMDISK_STATES.members) expect(bootKindFor({ provision_state: s }, false).kind, s).to.equal('rescue');
  });

  it('nodes are deleted and protected only at rest', () => {
    for (const s of DELETABLE_STATES.members) expect(STABLE_STATES.has(s) || FAILED_STATES.has(s), s).to.equal(true);
    for (const s of PROTECTABLE_STATES.members) expect(STABLE_STATES.has(s), s).to.equal(true);
  });

  it('fields may be updated in every failed state while a target is set', () => {
    for (const s of FAILED_STATES.members) expect(UPDATE_ALLOWED_STATES.has(s), s).to.equal(true);
    for (const s of UPDATE_ALLOWED_STATES.members) expect(STABLE_STATES.has(s), `${s} has no target to wait for`).to.equal(false);
  });

  it('interfaces change only where no deploy, clean or rescue could be using them', () => {
    for (const s of INTERFACE_UPDATE_STATES.members) {
      expect(BOOTS_DEPLOY_RAMDISK_STATES.has(s) && !s.startsWith('inspect'), s).to.equal(false);
      expect(BOOTS_RESCUE_RAMDISK_STATES.has(s), s).to.equal(false);
    }
  });

  it('Nova undeploys from a state that takes "delete", or one still working that will settle into such a state', () => {
    for (const s of UNPROVISION_STATES.members) {
      expect(has(s, 'delete') || IN_PROGRESS_STATES.has(s), s).to.equal(true);
    }
  });

  it('the image is written only while deploying', () => {
    for (const s of IMAGE_WRITING_STATES.members) expect(PROVISION_STATES[s].target, s).to.equal(STATE.ACTIVE);
  });
});
