// Conductor registration: the conductors row, its heartbeat, and start-up recovery. A conductor
// that died (kill -9, power loss) left its reservations behind and nodes mid-operation; on
// start it fails those nodes with a message saying so, then clears its own locks.
import { interruptedState } from './fsm.js';
import type { ConductorContext } from './context.js';

const BATCH = 200;

export async function register(c: ConductorContext): Promise<void> {
  await c.store.conductors.register(c.host, c.config.conductor.conductor_group, c.registry.hardwareTypeNames());
}

/** Moves nodes this host left mid-operation to their failed states and frees its locks. */
export async function recoverAfterRestart(c: ConductorContext): Promise<number> {
  let recovered = 0;
  let after = 0;
  for (;;) {
    const batch = await c.store.nodes.list({ reservation: c.host, id_after: after }, { limit: BATCH });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    for (const node of batch) {
      const changes: Parameters<typeof c.store.nodes.update>[1] = {};
      const failed = interruptedState(node.provision_state);
      let message: string | undefined;
      if (failed) {
        message = `Conductor ${c.host} restarted while the node was ${node.provision_state}; the operation was aborted. ${retryHint(node.provision_state)}`;
      }
      if (node.target_power_state) {
        message ??= `Conductor ${c.host} restarted while changing the power state to "${node.target_power_state}"; the change may not have happened. Check the power state and retry.`;
        changes.target_power_state = null;
      }
      if (!message) continue;
      if (failed) {
        const target = node.target_provision_state;
        await c.store.nodes.update(node.id, {
          ...changes, provision_state: failed, target_provision_state: failed === 'enroll' ? null : target,
          provision_updated_at: new Date().toISOString(), last_error: message,
        });
      } else {
        await c.store.nodes.update(node.id, { ...changes, last_error: message });
      }
      await c.store.history.add({ node_id: node.id, event: message, event_type: 'conductor', severity: 'error', conductor: c.host });
      c.log.warn({ node_uuid: node.uuid, state: node.provision_state, now: failed }, 'recovered node after restart');
      recovered++;
    }
  }
  await c.store.nodes.releaseAllHeldBy(c.host);
  return recovered;
}

function retryHint(state: string): string {
  switch (state) {
    case 'deploying': case 'wait call-back': return 'Retry the deploy.';
    case 'cleaning': case 'clean wait': return 'Move the node to manageable and provide it again.';
    case 'inspecting': case 'inspect wait': return 'Retry the inspection.';
    case 'verifying': return 'Retry "manage".';
    case 'deleting': return 'Retry the undeploy.';
    case 'rescuing': case 'rescue wait': return 'Retry the rescue.';
    case 'unrescuing': return 'Retry the unrescue.';
    case 'adopting': return 'Retry the adoption.';
    default: return 'Retry the operation.';
  }
}

export async function heartbeat(c: ConductorContext): Promise<void> {
  await c.store.conductors.heartbeat(c.host);
}

export async function markOffline(c: ConductorContext): Promise<void> {
  await c.store.conductors.markOffline(c.host);
}
