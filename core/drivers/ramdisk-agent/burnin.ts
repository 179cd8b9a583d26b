// The agent's burn-in clean steps (on the deploy interface, as in Ironic): the ramdisk runs
// stress-ng / fio / smartctl and answers with its metrics summary, which becomes the step's
// history record. A tool's failure fails the command, and its message (device and finding)
// becomes the node's last_error.
import type { Step, StepResult } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import { runAgentStep } from './hw-ops-command.js';

export { BURNIN_STEPS } from '../../../protocol/clean-steps.js';

export async function runBurninStep(ctx: NodeContext, step: Step): Promise<StepResult> {
  const result = await runAgentStep(ctx, 'deploy', step.step, step.args ?? {});
  return { record: result };
}
