// doProvisionAction: lock, check the verb against the state table, then either apply it at once
// (manage from available, abort) or enter the in-progress state and run the flow in the background.
import type { ProvisionArgs } from './conductor-api.js';
import type { ConductorContext } from './context.js';
import type { Task } from './task-manager.js';
import { checkBootModeInputs } from '../boot/boot-mode-checks.js';
import { InvalidParameterValue } from '../errors.js';
import { checkVerb, eventForVerb, stateKind } from './fsm.js';
import { startInBackground } from './flows/background.js';
import { FLOWS } from './flows/provision.js';
import { provisionArgsProblem } from '../states/provision-args.js';
import { templateSteps } from './deploy-templates.js';
import { checkMigratedVerb, migratedFrom, withoutMigrationMarker } from './migrated.js';

const FAILURE_PREFIX: Record<string, string> = {
  manage: 'Failed to verify power credentials',
  provide: 'Cleaning failed',
  clean: 'Cleaning failed',
  deploy: 'Deploy failed',
  rebuild: 'Deploy failed',
  delete: 'Tear down failed',
  inspect: 'Inspection failed',
  rescue: 'Rescue failed',
  unrescue: 'Unrescue failed',
  adopt: 'Adoption failed',
};

export async function doProvisionAction(c: ConductorContext, uuid: string, verb: string, args: ProvisionArgs): Promise<void> {
  const event = eventForVerb(verb);
  // The API checked these already; callers over RPC and inside the conductor get the same 400.
  const problem = provisionArgsProblem(verb, { ...args });
  if (problem) throw new InvalidParameterValue(problem);
  const task = await c.tasks.exclusive(uuid);
  let to;
  try {
    to = checkVerb(task.node, verb);
    checkMigratedVerb(task.node, event);
    if (event === 'provide' && task.node.retired) {
      throw new InvalidParameterValue(
        `Node ${task.node.uuid} is retired and cannot be provided; unset "retired" first (baremetal node unset --retired ${task.node.uuid}).`,
      );
    }
    if (task.node.maintenance && (event === 'deploy' || event === 'rebuild')) {
      throw new InvalidParameterValue(`Node ${task.node.uuid} is in maintenance mode; take it out of maintenance before deploying.`);
    }
    if (event === 'deploy' || event === 'rebuild') {
      // What the deploy needs is checked now, so a missing image or ramdisk is a 400 rather
      // than a "deploy failed" discovered in the background.
      const { power, boot, deploy } = task.ifaces;
      for (const iface of [power, boot, deploy]) await iface.validate(task.ctx);
      checkBootModeInputs(task.node);
      // Instance traits and the deploy templates they select: a step the node cannot run is a 400 now.
      await templateSteps(task, c.store);
    }
    // Tyr's own deploy ends the degraded mode of a node migrated from nova-baremetal.
    if (event === 'deploy' && migratedFrom(task.node)) await task.save({ driver_internal_info: withoutMigrationMarker(task.node) });
  } catch (err) {
    await task.release();
    throw err;
  }

  if (event === 'abort' && stateKind(task.node.provision_state) === 'wait') {
    await abortWait(c, task);
    return;
  }

  const flow = FLOWS[event];
  if (stateKind(to) !== 'in-progress' || !flow) {
    // Nothing to run: the transition is the whole action.
    try {
      const from = task.node.provision_state;
      await task.transition(event, event === 'abort' ? { error: `Operation aborted by request while the node was in "${from}".` } : {});
    } finally {
      await task.release();
    }
    return;
  }

  await startInBackground(
    c.pool,
    task,
    async () => {
      await task.transition(event);
    },
    () => flow(task, args, c),
    async (message) => {
      await task.transition('fail', { error: `${FAILURE_PREFIX[event] ?? 'Failed'}: ${message}` });
    },
  );
}

/**
 * Abort while waiting on a ramdisk: the node goes to its failed state at once, and the machine,
 * which may still be running the ramdisk, is powered off in the background.
 */
async function abortWait(c: ConductorContext, task: Task): Promise<void> {
  const from = task.node.provision_state;
  const reason = `Operation aborted by request while the node was in "${from}".`;
  await startInBackground(
    c.pool,
    task,
    async () => {
      await task.transition('abort', { error: reason });
    },
    async () => {
      await task.ifaces.power.setPowerState(task.ctx, 'power off', task.config.conductor.power_state_change_timeout);
      await task.save({ power_state: 'power off' });
    },
    async (message) => {
      await task.save({ last_error: `${reason} Powering the node off failed: ${message}` });
    },
  );
}
