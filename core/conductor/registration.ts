// Conductor registration: the conductors row, its heartbeat, and recovery of the nodes a conductor
// left locked. A conductor that died (kill -9, power loss) left its reservations behind and nodes
// mid-operation; whoever recovers them (the same host on restart, or the survivor that now owns
// them in scale-out: periodic/takeover.ts) fails those nodes with a message saying so, then
// clears the stale locks.
import type { Node } from '../db/types.js';
import type { StatesOfKind } from '../states/provision-states.js';
import { interruptedTransition } from './fsm.js';
import { agentInfoAfterTransition } from './ramdisk-callbacks/token.js';
import type { ConductorContext } from './context.js';

const BATCH = 200;

/** The conductors row, and the hardware types it serves for API processes' driver catalog. */
export async function register(c: ConductorContext): Promise<void> {
  const row = await c.store.conductors.register(c.host, c.config.conductor.conductor_group, c.registry.hardwareTypeNames(), c.urls);
  const types = c.registry.info().map((t) => ({ hardware_type: t.name, interfaces: t.interfaces, properties: t.properties }));
  await c.store.conductorHardwareTypes.replace(row.id, types);
}

/** Why the host's locks are stale: its own restart, or its death seen by a survivor. */
export type LockLoss = 'restarted' | 'died';

/** Moves nodes this host left mid-operation to their failed states and frees its locks. */
export async function recoverAfterRestart(c: ConductorContext): Promise<number> {
  const recovered = await recoverNodesOf(c, c.host, 'restarted');
  await c.store.nodes.releaseAllHeldBy(c.host);
  return recovered;
}

/**
 * Recovers the nodes `deadHost` holds locks on (those `take` accepts): each goes to the failed
 * state of its interrupted operation, or has its interrupted power change cleared, and its lock is
 * released, in one UPDATE conditional on `deadHost` still holding it, so a node is recovered
 * once however many conductors race for it. Returns how many nodes were recovered.
 */
export async function recoverNodesOf(
  c: ConductorContext,
  deadHost: string,
  cause: LockLoss,
  take: (node: Node) => boolean = () => true,
): Promise<number> {
  let recovered = 0;
  let after = 0;
  for (;;) {
    const batch = await c.store.nodes.list({ reservation: deadHost, id_after: after }, { limit: BATCH });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    for (const node of batch) {
      if (!take(node)) continue;
      if (await recoverOne(c, node, deadHost, cause)) recovered++;
    }
    if (batch.length < BATCH) break;
  }
  return recovered;
}

async function recoverOne(c: ConductorContext, node: Node, deadHost: string, cause: LockLoss): Promise<boolean> {
  const failed = interruptedTransition(node);
  const changes: Partial<Node> = {};
  let message: string | undefined;
  const who =
    cause === 'restarted'
      ? `Conductor ${deadHost} restarted`
      : `Conductor ${deadHost} stopped heartbeating (presumed dead) and conductor ${c.host} took the node over`;
  if (failed) {
    message = `${who} while the node was ${node.provision_state}; the operation was aborted. ${retryHint(node.provision_state)}`;
    Object.assign(changes, { ...failed, provision_updated_at: new Date().toISOString() });
    // As a transition through the engine would: no agent may speak for the node after this.
    const info = agentInfoAfterTransition(node.driver_internal_info, node.provision_state, failed.provision_state);
    if (info) changes.driver_internal_info = info;
  }
  if (node.target_power_state) {
    message ??= `${who} while changing the power state to "${node.target_power_state}"; the change may not have happened. Check the power state and retry.`;
    changes.target_power_state = null;
  }
  if (!message) {
    // A resting node: only the stale lock goes.
    await c.store.nodes.release(node.id, deadHost);
    return false;
  }
  const done = await c.store.nodes.releaseWith(node.id, deadHost, { ...changes, last_error: message });
  if (!done) return false; // another conductor recovered it, or the lock changed hands meanwhile
  await c.store.history.add({ node_id: node.id, event: message, event_type: 'conductor', severity: 'error', conductor: c.host });
  c.log.warn(
    { node_uuid: node.uuid, state: node.provision_state, now: failed?.provision_state, dead_host: deadHost, cause },
    'recovered a node whose conductor lost its lock',
  );
  return true;
}

/** What an operator does after an interrupted operation, for every state that can be interrupted. */
const RETRY_HINTS: Record<StatesOfKind<'in-progress' | 'wait'>, string> = {
  deploying: 'Retry the deploy.',
  'wait call-back': 'Retry the deploy.',
  cleaning: 'Move the node to manageable and provide it again.',
  'clean wait': 'Move the node to manageable and provide it again.',
  inspecting: 'Retry the inspection.',
  'inspect wait': 'Retry the inspection.',
  verifying: 'Retry "manage".',
  deleting: 'Retry the undeploy.',
  rescuing: 'Retry the rescue.',
  'rescue wait': 'Retry the rescue.',
  unrescuing: 'Retry the unrescue.',
  adopting: 'Retry the adoption.',
};

function retryHint(state: string): string {
  return Object.hasOwn(RETRY_HINTS, state) ? RETRY_HINTS[state as keyof typeof RETRY_HINTS] : 'Retry the operation.';
}

export async function heartbeat(c: ConductorContext): Promise<void> {
  await c.store.conductors.heartbeat(c.host);
}

export async function markOffline(c: ConductorContext): Promise<void> {
  await c.store.conductors.markOffline(c.host);
}
