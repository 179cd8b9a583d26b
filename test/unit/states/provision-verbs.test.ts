// The one list of provision verbs: every verb raises an event the table knows, at a microversion
// Tyr serves, and the API and the engine read the same list.
import { expect } from 'chai';
import { MAX_VERSION } from '../../../core/api/microversion.js';
import { eventForVerb } from '../../../core/conductor/fsm.js';
import { TRANSITIONS } from '../../../core/states/provision-states.js';
import { ALL_VERBS, DEPLOYING_VERBS, isVerb, PROVISION_VERBS, VERB_SINCE, VERBS } from '../../../core/states/provision-verbs.js';

describe('provision verbs', () => {
  it('each verb is listed once and raises an event some row of the table takes', () => {
    expect(new Set(ALL_VERBS).size).to.equal(ALL_VERBS.length);
    expect(Object.keys(VERBS)).to.deep.equal(ALL_VERBS);
    expect(Object.keys(VERB_SINCE)).to.deep.equal(ALL_VERBS);
    for (const verb of ALL_VERBS) {
      const { event } = PROVISION_VERBS[verb];
      expect(
        TRANSITIONS.some(([, e]) => e === event),
        `${verb} → ${event}`,
      ).to.equal(true);
      expect(eventForVerb(verb)).to.equal(event);
    }
  });

  it('each verb was introduced at a microversion Tyr serves', () => {
    for (const verb of ALL_VERBS) {
      expect(VERB_SINCE[verb], verb).to.be.within(1, MAX_VERSION.minor);
      expect(Number.isInteger(VERB_SINCE[verb]), verb).to.equal(true);
    }
  });

  it('only the deploying verbs deploy', () => {
    for (const verb of DEPLOYING_VERBS) {
      expect(isVerb(verb), verb).to.equal(true);
      expect(['deploy', 'rebuild']).to.include(VERBS[verb as keyof typeof VERBS]);
    }
  });

  it('unknown verbs are refused with the list of valid ones', () => {
    expect(isVerb('deployed')).to.equal(false);
    expect(isVerb('constructor')).to.equal(false);
    expect(() => eventForVerb('deployed')).to.throw(/Valid targets: active, deleted/);
  });
});
