// The moves the engine makes beyond looking a row up, each named and tested: the target a row
// sets when it is not the new state's default (manual clean), wait/resume keeping the target the
// operation started with, and interrupted work (a conductor restart or takeover).
import { expect } from 'chai';
import { interruptedTransition, nextState, targetAfter } from '../../../core/conductor/fsm.js';
import type { ALL_STATES } from '../../../core/states/provision-states.js';
import {
  IN_PROGRESS_STATES,
  PROVISION_STATES,
  ROW_TARGETS,
  STABLE_STATES,
  FAILED_STATES,
  STATE,
  WAIT_STATES,
} from '../../../core/states/provision-states.js';

describe('state engine exceptions', () => {
  it('every ROW_TARGETS entry names a row of the table', () => {
    for (const [from, event] of ROW_TARGETS) expect(nextState(from, event), `${from} --${event}-->`).not.to.equal(undefined);
  });

  it('a manual clean aims back at manageable; cleaning after a tear-down aims at available', () => {
    expect(targetAfter({ target_provision_state: null }, STATE.MANAGEABLE, 'clean', STATE.CLEANING)).to.equal(STATE.MANAGEABLE);
    expect(targetAfter({ target_provision_state: STATE.AVAILABLE }, STATE.DELETING, 'clean', STATE.CLEANING)).to.equal(STATE.AVAILABLE);
    expect(targetAfter({ target_provision_state: null }, STATE.MANAGEABLE, 'provide', STATE.CLEANING)).to.equal(STATE.AVAILABLE);
  });

  it("wait and resume keep the operation's target; a caller's explicit target wins over everything", () => {
    expect(targetAfter({ target_provision_state: STATE.MANAGEABLE }, STATE.CLEANING, 'wait', STATE.CLEAN_WAIT)).to.equal(STATE.MANAGEABLE);
    expect(targetAfter({ target_provision_state: STATE.MANAGEABLE }, STATE.CLEAN_WAIT, 'resume', STATE.CLEANING)).to.equal(
      STATE.MANAGEABLE,
    );
    expect(targetAfter({ target_provision_state: null }, STATE.CLEANING, 'wait', STATE.CLEAN_WAIT)).to.equal(STATE.AVAILABLE);
    expect(targetAfter({ target_provision_state: STATE.MANAGEABLE }, STATE.CLEANING, 'done', STATE.AVAILABLE, null)).to.equal(null);
  });

  it("interrupted work goes to its state's onInterrupt, keeping the target, except back to enroll", () => {
    for (const s of [...IN_PROGRESS_STATES.members, ...WAIT_STATES.members]) {
      const moved = interruptedTransition({ provision_state: s, target_provision_state: STATE.MANAGEABLE });
      const to = (PROVISION_STATES[s] as { onInterrupt: (typeof ALL_STATES)[number] }).onInterrupt;
      expect(moved, s).to.deep.equal({ provision_state: to, target_provision_state: to === STATE.ENROLL ? null : STATE.MANAGEABLE });
      expect(FAILED_STATES.has(to) || to === STATE.ENROLL, `${s} is interrupted into a resting state`).to.equal(true);
    }
    expect(interruptedTransition({ provision_state: STATE.VERIFYING, target_provision_state: STATE.MANAGEABLE })).to.deep.equal({
      provision_state: STATE.ENROLL,
      target_provision_state: null,
    });
  });

  it('resting states are not interrupted', () => {
    for (const s of [...STABLE_STATES.members, ...FAILED_STATES.members]) {
      expect(interruptedTransition({ provision_state: s, target_provision_state: null }), s).to.equal(undefined);
    }
  });
});
