// doProvisionAction: lock, check the verb against the state table, then either apply it at once
// (manage from available, abort) or enter the in-progress state and run the flow in the background.
import type { ProvisionArgs } from './conductor-api.js';
import type { ConductorContext } from './context.js';
import { InvalidParameterValue } from '../errors.js';
import { checkVerb, eventForVerb, stateKind } from './fsm.js';
import { startInBackground } from './flows/background.js';
import { checkArgs, FLOWS } from './flows/provision.js';

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
  checkArgs(verb, args);
  const task = await c.tasks.exclusive(uuid);
  let to;
  try {
    to = checkVerb(task.node, verb);
    if (task.node.maintenance && (event === 'deploy' || event === 'rebuild')) {
      throw new InvalidParameterValue(`Node ${task.node.uuid} is in maintenance mode; take it out of maintenance before deploying.`);
    }
  } catch (err) {
    await task.release();
    throw err;
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

  await startInBackground(c.pool, task,
    async () => { await task.transition(event, { target: event === 'clean' ? 'manageable' : undefined }); },
    () => flow(task, args),
    async (message) => {
      await task.transition('fail', { error: `${FAILURE_PREFIX[event] ?? 'Failed'}: ${message}` });
    });
}
