// Ironic's provision state machine as data (after ironic/common/states.py), and the named sets
// of states the rest of Tyr asks about. This folder imports nothing outside itself, so the
// client, the CLI and the Nova shim share the conductor's knowledge. The table holds no code:
// the engine (core/conductor/fsm.ts) reads it. Each state is tagged:
//   stable       – rests there until someone asks for something
//   in-progress  – the conductor is working on it (a node lock is held)
//   wait         – waiting on something outside (agent call-back, ramdisk); times out
//   failed       – a resting state that records a failure; the operator decides what next
// `target` is what target_provision_state becomes on entering the state (null: cleared).
// `onInterrupt` is where an in-progress or wait state goes when the work dies (conductor restart,
// call-back timeout).

export const PROVISION_STATES = {
  enroll: { kind: 'stable', target: null },
  verifying: { kind: 'in-progress', target: 'manageable', onInterrupt: 'enroll' },
  manageable: { kind: 'stable', target: null },
  inspecting: { kind: 'in-progress', target: 'manageable', onInterrupt: 'inspect failed' },
  'inspect wait': { kind: 'wait', target: 'manageable', onInterrupt: 'inspect failed' },
  'inspect failed': { kind: 'failed', target: 'manageable' },
  available: { kind: 'stable', target: null },
  deploying: { kind: 'in-progress', target: 'active', onInterrupt: 'deploy failed' },
  'wait call-back': { kind: 'wait', target: 'active', onInterrupt: 'deploy failed' },
  'deploy failed': { kind: 'failed', target: 'active' },
  active: { kind: 'stable', target: null },
  deleting: { kind: 'in-progress', target: 'available', onInterrupt: 'error' },
  cleaning: { kind: 'in-progress', target: 'available', onInterrupt: 'clean failed' },
  'clean wait': { kind: 'wait', target: 'available', onInterrupt: 'clean failed' },
  'clean failed': { kind: 'failed', target: 'available' },
  error: { kind: 'failed', target: null },
  rescuing: { kind: 'in-progress', target: 'rescue', onInterrupt: 'rescue failed' },
  'rescue wait': { kind: 'wait', target: 'rescue', onInterrupt: 'rescue failed' },
  'rescue failed': { kind: 'failed', target: 'rescue' },
  rescue: { kind: 'stable', target: null },
  unrescuing: { kind: 'in-progress', target: 'active', onInterrupt: 'unrescue failed' },
  'unrescue failed': { kind: 'failed', target: 'active' },
  adopting: { kind: 'in-progress', target: 'active', onInterrupt: 'adopt failed' },
  'adopt failed': { kind: 'failed', target: 'active' },
} as const satisfies Record<string, { kind: StateKind; target: string | null; onInterrupt?: string }>;

export type StateKind = 'stable' | 'in-progress' | 'wait' | 'failed';
export type ProvisionState = keyof typeof PROVISION_STATES;
/** The states tagged `kind` (e.g. StatesOfKind<'wait'>), so a record over them is checked for completeness. */
export type StatesOfKind<K extends StateKind> = {
  [S in ProvisionState]: (typeof PROVISION_STATES)[S]['kind'] extends K ? S : never;
}[ProvisionState];

/** Events operators send (through verbs) and events the conductor raises while working. */
export type ProvisionEvent =
  | 'manage'
  | 'provide'
  | 'inspect'
  | 'deploy'
  | 'rebuild'
  | 'delete'
  | 'clean'
  | 'rescue'
  | 'unrescue'
  | 'abort'
  | 'adopt'
  | 'done'
  | 'fail'
  | 'wait'
  | 'resume';

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
 * Rows whose target is not the new state's default. A manual clean starts from manageable and
 * returns there (Ironic), while the same 'clean' event after a tear-down aims at available.
 */
export const ROW_TARGETS: readonly (readonly [ProvisionState, ProvisionEvent, ProvisionState | null])[] = [
  ['manageable', 'clean', 'manageable'],
];

export function isProvisionState(s: unknown): s is ProvisionState {
  return typeof s === 'string' && Object.hasOwn(PROVISION_STATES, s);
}

/** Every state by name, for code that compares with one state (`node.provision_state === STATE.ACTIVE`). */
export const STATE = {
  ENROLL: 'enroll',
  VERIFYING: 'verifying',
  MANAGEABLE: 'manageable',
  INSPECTING: 'inspecting',
  INSPECT_WAIT: 'inspect wait',
  INSPECT_FAILED: 'inspect failed',
  AVAILABLE: 'available',
  DEPLOYING: 'deploying',
  DEPLOY_WAIT: 'wait call-back',
  DEPLOY_FAILED: 'deploy failed',
  ACTIVE: 'active',
  DELETING: 'deleting',
  CLEANING: 'cleaning',
  CLEAN_WAIT: 'clean wait',
  CLEAN_FAILED: 'clean failed',
  ERROR: 'error',
  RESCUING: 'rescuing',
  RESCUE_WAIT: 'rescue wait',
  RESCUE_FAILED: 'rescue failed',
  RESCUE: 'rescue',
  UNRESCUING: 'unrescuing',
  UNRESCUE_FAILED: 'unrescue failed',
  ADOPTING: 'adopting',
  ADOPT_FAILED: 'adopt failed',
} as const satisfies Record<string, ProvisionState>;

export const ALL_STATES = Object.keys(PROVISION_STATES) as ProvisionState[];

/** A set that answers `has()` for any string (a state read from elsewhere), typed by its members. */
export type StateSet = ReadonlySet<string> & { readonly members: readonly ProvisionState[] };

function stateSet(members: readonly ProvisionState[]): StateSet {
  return Object.assign(new Set<string>(members), { members });
}

const ofKind = (kind: StateKind) => stateSet(ALL_STATES.filter((s) => PROVISION_STATES[s].kind === kind));

/** Resting states: nothing leaves them unless someone asks. */
export const STABLE_STATES = ofKind('stable');
/** The conductor holds the node's lock and works. */
export const IN_PROGRESS_STATES = ofKind('in-progress');
/** Waiting on something outside (the agent, inspection data); each has a call-back timeout. */
export const WAIT_STATES = ofKind('wait');
/** Resting states that record a failure. */
export const FAILED_STATES = ofKind('failed');

/** States in which a ramdisk agent may look the node up and heartbeat (Ironic's LOOKUP_ALLOWED_STATES). */
export const AGENT_LOOKUP_ALLOWED_STATES = stateSet([
  'deploying',
  'wait call-back',
  'cleaning',
  'clean wait',
  'inspecting',
  'inspect wait',
  'rescuing',
  'rescue wait',
]);

/**
 * States in which the machine network-boots the deploy ramdisk. Verification only talks to the
 * BMC (Ironic boots nothing for it, and refuses an agent's lookup then), so it is not here.
 */
export const BOOTS_DEPLOY_RAMDISK_STATES = stateSet([
  'deploying',
  'wait call-back',
  'cleaning',
  'clean wait',
  'inspecting',
  'inspect wait',
]);
/**
 * States in which the deploy ramdisk is booted to inspect the machine: its kernel command line
 * then names the inspection callback (ipa-inspection-callback-url), as Ironic's agent inspection.
 */
export const INSPECTION_RAMDISK_STATES = stateSet(['inspecting', 'inspect wait']);
/** States in which the machine network-boots the rescue ramdisk (and keeps running it while rescued). */
export const BOOTS_RESCUE_RAMDISK_STATES = stateSet(['rescuing', 'rescue wait', 'rescue']);

/** States a node may be deleted in without maintenance mode. */
export const DELETABLE_STATES = stateSet(['enroll', 'manageable', 'available', 'adopt failed']);
/** States in which a node may be marked protected (it runs an instance). */
export const PROTECTABLE_STATES = stateSet(['active', 'rescue']);

/**
 * States in which a node's fields may be PATCHed although a transition is pending: the failed
 * states, and inspection and verification, which read nothing an operator would change under them.
 */
export const UPDATE_ALLOWED_STATES = stateSet([...FAILED_STATES.members, 'inspecting', 'inspect wait', 'verifying']);

/**
 * States whose node may lose its allocation even while a target is set (Ironic's
 * UPDATE_ALLOWED_STATES as its allocation code uses them).
 */
export const DEALLOCATABLE_IN_TRANSITION_STATES = stateSet([
  'deploy failed',
  'inspecting',
  'clean failed',
  'clean wait',
  'inspect wait',
  'rescue failed',
  'unrescue failed',
]);
/** States in which clearing a node's instance_uuid may delete its allocation (outside maintenance). */
export const INSTANCE_REMOVAL_ALLOWED_STATES = stateSet(['enroll', 'inspecting', 'inspect wait', 'manageable', 'available']);

/** States in which an operator may change a node's hardware interfaces (Ironic's rule). */
export const INTERFACE_UPDATE_STATES = stateSet(['enroll', 'inspecting', 'inspect wait', 'manageable']);

/** States from which Nova's ironic driver undeploys (its _UNPROVISION_STATES). */
export const UNPROVISION_STATES = stateSet([
  'active',
  'deploy failed',
  'error',
  'wait call-back',
  'deploying',
  'rescue',
  'rescuing',
  'rescue wait',
  'rescue failed',
  'unrescuing',
  'unrescue failed',
]);

/** States in which the deploy ramdisk may be writing the image (deploy progress is worth showing). */
export const IMAGE_WRITING_STATES = stateSet(['wait call-back', 'deploying']);
