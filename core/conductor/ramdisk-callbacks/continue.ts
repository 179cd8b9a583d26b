// What an agent heartbeat sets going: a node waiting on its ramdisk (wait call-back, clean wait,
// rescue wait) continues its operation. The heartbeat has already been recorded and answered
// without waiting for this; here the node's lock is tried once (held: the next heartbeat tries
// again), the node resumes into its in-progress state, and the continuation runs in the worker
// pool. While it runs the node is in-progress, so later heartbeats only record (progress).
import type { StatesOfKind } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import { startInBackground } from '../flows/background.js';
import type { Task } from '../task-manager.js';
import { continueClean, continueDeploy, continueRescue } from './continuations.js';
import { INSPECT_CONTINUATION } from '../inspection/finish.js';

interface Continuation {
  /** Whether the node's interfaces can continue from a heartbeat (agent-driven ones). */
  supported(task: Task): boolean;
  run(task: Task, c: ConductorContext): Promise<void>;
  failure: string;
  /** Make the machine safe after a failure (power off), best effort. */
  afterFailure?(task: Task): Promise<void>;
}

const powerOffAfterFailure = async (task: Task) => {
  await task.ifaces.deploy.onStepFailure?.(task.ctx);
};

const CONTINUATIONS: Partial<Record<string, Continuation>> & Record<StatesOfKind<'wait'>, Continuation> = {
  'wait call-back': {
    supported: (t) => !!(t.ifaces.deploy.deploySteps && t.ifaces.deploy.executeDeployStep),
    run: continueDeploy,
    failure: 'Deploy failed',
    afterFailure: powerOffAfterFailure,
  },
  'clean wait': {
    supported: (t) => !!(t.ifaces.deploy.cleanSteps && t.ifaces.deploy.executeCleanStep),
    run: continueClean,
    failure: 'Cleaning failed',
    afterFailure: powerOffAfterFailure,
  },
  'rescue wait': {
    supported: (t) => !!t.ifaces.rescue.finishRescue,
    run: continueRescue,
    failure: 'Rescue failed',
  },
  'inspect wait': INSPECT_CONTINUATION,
};

/** Called after a heartbeat was recorded; never throws (failures are logged and recorded). */
export async function continueAfterHeartbeat(c: ConductorContext, nodeId: number): Promise<void> {
  const node = await c.store.nodes.getById(nodeId);
  if (!CONTINUATIONS[node.provision_state] || node.reservation) return;
  // A full pool would refuse the work after the lock was taken and the node re-read: in a boot
  // storm that is two wasted writes and a warning per heartbeat. The next heartbeat tries again.
  if (c.pool.busy >= c.pool.size) return;
  const task = await c.tasks.tryExclusive(node);
  if (!task) return;
  const cont = CONTINUATIONS[task.node.provision_state];
  if (!cont || !cont.supported(task)) {
    await task.release();
    return;
  }
  await startInBackground(
    c.pool,
    task,
    async () => {
      await task.transition('resume');
    },
    () => cont.run(task, c),
    async (message) => {
      await task.refresh();
      // The machine is made safe before the failure is recorded, as Ironic's error handlers tear
      // down first: whoever sees the failed state can act on the node at once, not meet its lock.
      const poweredOff = await makeSafe(task, cont);
      await task.transition('fail', {
        error: `${cont.failure}: ${message}`,
        changes: { deploy_step: null, clean_step: null, ...(poweredOff ? { power_state: 'power off' as const } : {}) },
      });
    },
  );
}

/** Runs the continuation's after-failure step; a BMC that fails it must not keep the failure unrecorded. */
async function makeSafe(task: Task, cont: Continuation): Promise<boolean> {
  if (!cont.afterFailure) return false;
  try {
    await cont.afterFailure(task);
    return true;
  } catch (err) {
    task.log.error({ err }, 'could not make the machine safe after the failure; recording the failure anyway');
    return false;
  }
}
