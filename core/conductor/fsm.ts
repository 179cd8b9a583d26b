// The engine over the state table: looks transitions up and applies them to a stored node,
// recording provision_updated_at, target_provision_state, last_error and a history entry.
import { now } from '../db/codec.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import { InvalidParameterValue, InvalidStateRequested } from '../errors.js';
import { agentInfoAfterTransition, expectsAgent } from './agent/token.js';
import { isProvisionState, PROVISION_STATES, TRANSITIONS, type ProvisionEvent, type ProvisionState, type StateKind } from '../states/provision-states.js';
import { isVerb, VERBS } from '../states/provision-verbs.js';

const NEXT = new Map<string, ProvisionState>(TRANSITIONS.map(([from, event, to]) => [`${from}\u0000${event}`, to]));

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
  return NEXT.get(`${from}\u0000${event}`);
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
    throw new InvalidStateRequested(`The requested action "${verb}" can not be performed on node "${node.uuid}" while it is in state "${node.provision_state}".`);
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
export async function applyEvent(store: Store, node: Node, event: ProvisionEvent, opts: TransitionOptions = {}): Promise<Node> {
  const from = node.provision_state;
  const to = nextState(from, event);
  if (!to) {
    throw new InvalidStateRequested(`The requested action "${event}" can not be performed on node "${node.uuid}" while it is in state "${from}".`);
  }
  // wait/resume keep the target chosen when the operation started (manual clean → manageable).
  const keepsTarget = event === 'wait' || event === 'resume';
  const target = opts.target !== undefined ? opts.target
    : keepsTarget && node.target_provision_state ? node.target_provision_state : PROVISION_STATES[to].target;
  const lastError = opts.error ?? (keepsTarget ? node.last_error : null);
  // A ramdisk boot's agent token lives only while the node is in the agent states. Crossing
  // that line, the fields are dropped from the row as stored, not from the caller's copy: a
  // lookup or heartbeat may have written them since that copy was read (heartbeats take no lock).
  const crossing = expectsAgent(from) !== expectsAgent(to);
  const base = opts.changes?.driver_internal_info
    ?? (crossing ? (await store.nodes.getById(node.id)).driver_internal_info : node.driver_internal_info);
  const info = agentInfoAfterTransition(base, from, to);
  const changes = {
    ...opts.changes,
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
