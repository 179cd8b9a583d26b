// The engine over the state table: looks transitions up and applies them to a stored node,
// recording provision_updated_at, target_provision_state, last_error and a history entry.
import { now } from '../db/codec.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import { InvalidParameterValue, InvalidStateRequested } from '../errors.js';
import { agentInfoAfterTransition, expectsAgent } from './ramdisk-callbacks/token.js';
import {
  isProvisionState,
  PROVISION_STATES,
  ROW_TARGETS,
  STATE,
  TRANSITIONS,
  type ProvisionEvent,
  type ProvisionState,
  type StateKind,
} from '../states/provision-states.js';
import { isVerb, VERBS } from '../states/provision-verbs.js';

const rowKey = (from: string, event: ProvisionEvent) => `${from}\u0000${event}`;
const NEXT = new Map<string, ProvisionState>(TRANSITIONS.map(([from, event, to]) => [rowKey(from, event), to]));
const ROW_TARGET = new Map<string, ProvisionState | null>(ROW_TARGETS.map(([from, event, target]) => [rowKey(from, event), target]));

export function stateKind(s: string): StateKind | undefined {
  return isProvisionState(s) ? PROVISION_STATES[s].kind : undefined;
}

/** Where an interrupted in-progress or wait state goes; undefined for resting states. */
export function interruptedState(s: string): ProvisionState | undefined {
  if (!isProvisionState(s)) return undefined;
  const info = PROVISION_STATES[s];
  return 'onInterrupt' in info ? info.onInterrupt : undefined;
}

export function nextState(from: string, event: ProvisionEvent): ProvisionState | undefined {
  return NEXT.get(rowKey(from, event));
}

/**
 * The target a transition sets: what the caller asks, else (wait and resume) the target the
 * operation started with, else the row's own target (ROW_TARGETS), else the new state's default.
 */
export function targetAfter(
  node: Pick<Node, 'target_provision_state'>,
  from: string,
  event: ProvisionEvent,
  to: ProvisionState,
  requested?: ProvisionState | null,
): ProvisionState | null {
  if (requested !== undefined) return requested;
  if ((event === 'wait' || event === 'resume') && node.target_provision_state) return node.target_provision_state;
  const row = ROW_TARGET.get(rowKey(from, event));
  return row !== undefined ? row : PROVISION_STATES[to].target;
}

/**
 * The one move that is not a row of the table: work that died with its conductor (restart,
 * takeover). The node goes where its state's onInterrupt says and keeps its target, so the
 * failed state still shows what was intended, except back in enroll, where nothing is pending.
 * Undefined for resting states (only their stale lock goes).
 */
export function interruptedTransition(
  node: Pick<Node, 'provision_state' | 'target_provision_state'>,
): { provision_state: ProvisionState; target_provision_state: ProvisionState | null } | undefined {
  const failed = interruptedState(node.provision_state);
  if (!failed) return undefined;
  return { provision_state: failed, target_provision_state: failed === STATE.ENROLL ? null : node.target_provision_state };
}

export function eventForVerb(verb: string): ProvisionEvent {
  if (!isVerb(verb)) {
    throw new InvalidParameterValue(`"${verb}" is not a valid provision state target. Valid targets: ${Object.keys(VERBS).join(', ')}.`);
  }
  return VERBS[verb];
}

/** The state `verb` leads to from the node's state, or InvalidStateRequested (400). */
export function checkVerb(node: Pick<Node, 'uuid' | 'provision_state'>, verb: string): ProvisionState {
  // In-progress states only take the conductor's own events ('manage' ends a manual clean, but
  // an operator's "manage" must not cut a running clean short).
  const busy = stateKind(node.provision_state) === 'in-progress';
  const to = busy ? undefined : nextState(node.provision_state, eventForVerb(verb));
  if (!to) {
    throw new InvalidStateRequested(
      `The requested action "${verb}" can not be performed on node "${node.uuid}" while it is in state "${node.provision_state}".`,
    );
  }
  return to;
}

export interface TransitionOptions {
  /** Sets last_error (and marks the history entry as an error). */
  error?: string;
  /** Overrides the new state's default target (manual cleaning targets manageable). */
  target?: ProvisionState | null;
  /** Other columns written in the same UPDATE. */
  changes?: Partial<Node>;
  conductor?: string;
  /** The conductor whose lock the write needs: it fails with NodeLockLost once the lock is gone. */
  heldBy?: string;
}

/**
 * Applies `event` to the node as stored. Throws InvalidStateRequested when the table has no row
 * for it. Returns the updated node.
 */
export const CLEAN_FAILURE = 'clean failure';

/**
 * A node whose cleaning failed while a clean step ran may still hold the last tenant's data, so
 * Ironic puts it in maintenance with fault "clean failure": nothing schedules it (Nova's resource
 * tracker reserves it) until an operator repairs it and unsets maintenance. A failure before any
 * step (booting the ramdisk, say) leaves maintenance alone, as in Ironic.
 */
function cleanFailureMaintenance(node: Node, to: ProvisionState, error: string | null): Partial<Node> {
  const stepRunning = node.clean_step !== null && Object.keys(node.clean_step).length > 0;
  if (to !== STATE.CLEAN_FAILED || !stepRunning || node.maintenance) return {};
  return { maintenance: true, fault: CLEAN_FAILURE, maintenance_reason: error };
}

export async function applyEvent(store: Store, node: Node, event: ProvisionEvent, opts: TransitionOptions = {}): Promise<Node> {
  const from = node.provision_state;
  const to = nextState(from, event);
  if (!to) {
    throw new InvalidStateRequested(
      `The requested action "${event}" can not be performed on node "${node.uuid}" while it is in state "${from}".`,
    );
  }
  const keepsTarget = event === 'wait' || event === 'resume';
  const target = targetAfter(node, from, event, to, opts.target);
  const lastError = opts.error ?? (keepsTarget ? node.last_error : null);
  // A ramdisk boot's agent token lives only while the node is in the agent states. Crossing
  // that line, the fields are dropped from the row as stored, not from the caller's copy: a
  // lookup or heartbeat may have written them since that copy was read (heartbeats take no lock).
  const crossing = expectsAgent(from) !== expectsAgent(to);
  const base =
    opts.changes?.driver_internal_info ??
    (crossing ? (await store.nodes.getById(node.id)).driver_internal_info : node.driver_internal_info);
  const info = agentInfoAfterTransition(base, from, to);
  const changes = {
    ...opts.changes,
    ...cleanFailureMaintenance(node, to, lastError),
    ...(info ? { driver_internal_info: info } : {}),
    provision_state: to,
    target_provision_state: target,
    provision_updated_at: now(),
    last_error: lastError,
  };
  const updated = opts.heldBy ? await store.nodes.updateHeld(node.id, opts.heldBy, changes) : await store.nodes.update(node.id, changes);
  await store.history.add({
    node_id: node.id,
    event: opts.error ? `${from} -> ${to} (${event}): ${opts.error}` : `${from} -> ${to} (${event})`,
    event_type: 'provisioning',
    severity: opts.error ? 'error' : 'info',
    conductor: opts.conductor ?? null,
  });
  return updated;
}
