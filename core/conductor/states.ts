// Ironic's provision state machine as data (after ironic/common/states.py). The table holds no
// code: the engine (fsm.ts) reads it. Each state is tagged:
//   stable       – rests there until someone asks for something
//   in-progress  – the conductor is working on it (a node lock is held)
//   wait         – waiting on something outside (agent call-back, ramdisk); times out
//   failed       – a resting state that records a failure; the operator decides what next
// `target` is what target_provision_state becomes on entering the state (null: cleared).
// `onInterrupt` is where an in-progress or wait state goes when the work dies (conductor restart,
// call-back timeout).

export const PROVISION_STATES = {
  'enroll': { kind: 'stable', target: null },
  'verifying': { kind: 'in-progress', target: 'manageable', onInterrupt: 'enroll' },
  'manageable': { kind: 'stable', target: null },
  'inspecting': { kind: 'in-progress', target: 'manageable', onInterrupt: 'inspect failed' },
  'inspect wait': { kind: 'wait', target: 'manageable', onInterrupt: 'inspect failed' },
  'inspect failed': { kind: 'failed', target: 'manageable' },
  'available': { kind: 'stable', target: null },
  'deploying': { kind: 'in-progress', target: 'active', onInterrupt: 'deploy failed' },
  'wait call-back': { kind: 'wait', target: 'active', onInterrupt: 'deploy failed' },
  'deploy failed': { kind: 'failed', target: 'active' },
  'active': { kind: 'stable', target: null },
  'deleting': { kind: 'in-progress', target: 'available', onInterrupt: 'error' },
  'cleaning': { kind: 'in-progress', target: 'available', onInterrupt: 'clean failed' },
  'clean wait': { kind: 'wait', target: 'available', onInterrupt: 'clean failed' },
  'clean failed': { kind: 'failed', target: 'available' },
  'error': { kind: 'failed', target: null },
  'rescuing': { kind: 'in-progress', target: 'rescue', onInterrupt: 'rescue failed' },
  'rescue wait': { kind: 'wait', target: 'rescue', onInterrupt: 'rescue failed' },
  'rescue failed': { kind: 'failed', target: 'rescue' },
  'rescue': { kind: 'stable', target: null },
  'unrescuing': { kind: 'in-progress', target: 'active', onInterrupt: 'unrescue failed' },
  'unrescue failed': { kind: 'failed', target: 'active' },
  'adopting': { kind: 'in-progress', target: 'active', onInterrupt: 'adopt failed' },
  'adopt failed': { kind: 'failed', target: 'active' },
} as const satisfies Record<string, { kind: StateKind; target: string | null; onInterrupt?: string }>;

export type StateKind = 'stable' | 'in-progress' | 'wait' | 'failed';
export type ProvisionState = keyof typeof PROVISION_STATES;

/** Events operators send (through verbs) and events the conductor raises while working. */
export type ProvisionEvent =
  | 'manage' | 'provide' | 'inspect' | 'deploy' | 'rebuild' | 'delete' | 'clean' | 'rescue' | 'unrescue' | 'abort' | 'adopt'
  | 'done' | 'fail' | 'wait' | 'resume';

/** API `target` values → event. */
export const VERBS = {
  manage: 'manage',
  provide: 'provide',
  inspect: 'inspect',
  active: 'deploy',
  deploy: 'deploy',
  rebuild: 'rebuild',
  deleted: 'delete',
  undeploy: 'delete',
  clean: 'clean',
  rescue: 'rescue',
  unrescue: 'unrescue',
  abort: 'abort',
  adopt: 'adopt',
} as const satisfies Record<string, ProvisionEvent>;
export type Verb = keyof typeof VERBS;

/** (state, event) → next state. */
export const TRANSITIONS: readonly (readonly [ProvisionState, ProvisionEvent, ProvisionState])[] = [
  // enrolment and verification of power credentials
  ['enroll', 'manage', 'verifying'],
  ['verifying', 'done', 'manageable'],
  ['verifying', 'fail', 'enroll'],
  // deployment
  ['available', 'deploy', 'deploying'],
  ['deploying', 'done', 'active'],
  ['deploying', 'fail', 'deploy failed'],
  ['deploying', 'wait', 'wait call-back'],
  ['wait call-back', 'resume', 'deploying'],
  ['wait call-back', 'fail', 'deploy failed'],
  ['wait call-back', 'delete', 'deleting'],
  // Not in Ironic, which cannot abort a deploy waiting on its agent; operators asked for it.
  ['wait call-back', 'abort', 'deploy failed'],
  ['deploy failed', 'rebuild', 'deploying'],
  ['deploy failed', 'deploy', 'deploying'],
  ['deploy failed', 'delete', 'deleting'],
  ['active', 'rebuild', 'deploying'],
  ['active', 'delete', 'deleting'],
  ['error', 'rebuild', 'deploying'],
  ['error', 'delete', 'deleting'],
  // tear down, then automated cleaning
  ['deleting', 'fail', 'error'],
  ['deleting', 'clean', 'cleaning'],
  ['cleaning', 'done', 'available'],
  ['cleaning', 'fail', 'clean failed'],
  ['cleaning', 'wait', 'clean wait'],
  ['clean wait', 'resume', 'cleaning'],
  ['clean wait', 'fail', 'clean failed'],
  ['clean wait', 'abort', 'clean failed'],
  ['clean failed', 'manage', 'manageable'],
  // manageable: provide (automated clean), manual clean, back from available
  ['manageable', 'provide', 'cleaning'],
  ['manageable', 'clean', 'cleaning'],
  ['cleaning', 'manage', 'manageable'],
  ['available', 'manage', 'manageable'],
  // inspection
  ['manageable', 'inspect', 'inspecting'],
  ['inspecting', 'done', 'manageable'],
  ['inspecting', 'fail', 'inspect failed'],
  ['inspecting', 'wait', 'inspect wait'],
  ['inspect wait', 'done', 'manageable'],
  ['inspect wait', 'fail', 'inspect failed'],
  ['inspect wait', 'abort', 'inspect failed'],
  ['inspect wait', 'resume', 'inspecting'],
  ['inspect failed', 'manage', 'manageable'],
  ['inspect failed', 'inspect', 'inspecting'],
  // rescue
  ['active', 'rescue', 'rescuing'],
  ['rescuing', 'done', 'rescue'],
  ['rescuing', 'wait', 'rescue wait'],
  ['rescuing', 'fail', 'rescue failed'],
  ['rescue wait', 'resume', 'rescuing'],
  ['rescue wait', 'fail', 'rescue failed'],
  ['rescue wait', 'abort', 'rescue failed'],
  ['rescue wait', 'delete', 'deleting'],
  ['rescue', 'rescue', 'rescuing'],
  ['rescue', 'delete', 'deleting'],
  ['rescue', 'unrescue', 'unrescuing'],
  ['rescue failed', 'rescue', 'rescuing'],
  ['rescue failed', 'unrescue', 'unrescuing'],
  ['rescue failed', 'delete', 'deleting'],
  ['unrescuing', 'done', 'active'],
  ['unrescuing', 'fail', 'unrescue failed'],
  ['unrescue failed', 'rescue', 'rescuing'],
  ['unrescue failed', 'unrescue', 'unrescuing'],
  ['unrescue failed', 'delete', 'deleting'],
  // adoption of a node that already runs an instance
  ['manageable', 'adopt', 'adopting'],
  ['adopting', 'done', 'active'],
  ['adopting', 'fail', 'adopt failed'],
  ['adopt failed', 'adopt', 'adopting'],
  ['adopt failed', 'manage', 'manageable'],
];

/**
 * States in which a node's fields may be PATCHed although a transition is pending (Ironic's
 * UPDATE_ALLOWED_STATES): the failed states, and inspection and verification, which read nothing
 * an operator would change under them.
 */
export const UPDATE_ALLOWED_STATES: ReadonlySet<string> = new Set([
  ...(Object.keys(PROVISION_STATES) as ProvisionState[]).filter((s) => PROVISION_STATES[s].kind === 'failed'),
  'inspecting', 'inspect wait', 'verifying',
]);

/** States in which an operator may change a node's hardware interfaces (Ironic's rule). */
export const INTERFACE_UPDATE_STATES: ReadonlySet<string> = new Set(['enroll', 'inspecting', 'inspect wait', 'manageable']);
