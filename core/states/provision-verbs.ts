// The provision verbs an API client sends as `target` (PUT /v1/nodes/{node}/states/provision):
// the event each raises in the state table and the API microversion that introduced it. The API
// checks requests against this list and the engine maps verbs to events with it.
import type { ProvisionEvent } from './provision-states.js';

export const PROVISION_VERBS = {
  active: { event: 'deploy', since: 1 },
  deleted: { event: 'delete', since: 1 },
  rebuild: { event: 'rebuild', since: 1 },
  manage: { event: 'manage', since: 4 },
  provide: { event: 'provide', since: 4 },
  inspect: { event: 'inspect', since: 6 },
  abort: { event: 'abort', since: 13 },
  clean: { event: 'clean', since: 15 },
  adopt: { event: 'adopt', since: 17 },
  rescue: { event: 'rescue', since: 38 },
  unrescue: { event: 'unrescue', since: 38 },
  deploy: { event: 'deploy', since: 73 },
  undeploy: { event: 'delete', since: 73 },
} as const satisfies Record<string, { event: ProvisionEvent; since: number }>;

export type Verb = keyof typeof PROVISION_VERBS;

export const ALL_VERBS = Object.keys(PROVISION_VERBS) as Verb[];

export function isVerb(s: unknown): s is Verb {
  return typeof s === 'string' && Object.hasOwn(PROVISION_VERBS, s);
}

/** API `target` value → the event it raises. */
export const VERBS = Object.fromEntries(ALL_VERBS.map((v) => [v, PROVISION_VERBS[v].event])) as {
  readonly [V in Verb]: (typeof PROVISION_VERBS)[V]['event'];
};

/** The microversion (minor) each verb needs. */
export const VERB_SINCE = Object.fromEntries(ALL_VERBS.map((v) => [v, PROVISION_VERBS[v].since])) as Record<Verb, number>;

/** Verbs that deploy an image: the only ones that take a configdrive or deploy_steps. */
export const DEPLOYING_VERBS: ReadonlySet<string> = new Set<Verb>(['active', 'deploy', 'rebuild']);
