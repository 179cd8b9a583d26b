// Which provision verbs a node's state accepts, read from the state table (core/states) rather than
// listed here: a verb is offered when its event leaves the current state. Several verbs raise the
// same event (active/deploy, deleted/undeploy); the newest the API speaks wins, as the console
// always sends the highest microversion.
import { TRANSITIONS } from '../../../core/states/provision-states.js';
import { ALL_VERBS, PROVISION_VERBS, type Verb } from '../../../core/states/provision-verbs.js';

export function allowedVerbs(provisionState: string, maxMinor: number): Verb[] {
  const events = new Set(TRANSITIONS.filter(([from]) => from === provisionState).map(([, event]) => event));
  const byEvent = new Map<string, Verb>();
  for (const verb of ALL_VERBS) {
    const { event, since } = PROVISION_VERBS[verb];
    if (!events.has(event) || since > maxMinor) continue;
    const seen = byEvent.get(event);
    if (!seen || PROVISION_VERBS[seen].since < since) byEvent.set(event, verb);
  }
  return [...byEvent.values()];
}

/** "1.82" → 82. */
export function minorOf(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}
