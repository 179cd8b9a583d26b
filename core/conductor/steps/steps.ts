// Running a list of deploy or clean steps on a locked node: one at a time, highest priority
// first for automated lists (manual cleaning keeps the operator's order), each recorded in the
// node's deploy_step / clean_step while it runs, and what it reports recorded after it.
import type { Step, StepResult } from '../../drivers/interfaces/deploy.js';
import { InvalidParameterValue } from '../../errors.js';
import { cleanStepsProblem } from '../../states/provision-args.js';
import type { Task } from '../task-manager.js';

export type StepField = 'deploy_step' | 'clean_step';

/** Highest priority first; priority 0 means disabled in an automated list. */
export function byPriority(steps: Step[]): Step[] {
  return steps.filter((s) => s.priority > 0).sort((a, b) => b.priority - a.priority);
}

/** An operator's manual clean steps, checked for shape (the 400 comes before anything changes). */
export function manualSteps(raw: unknown): Step[] {
  const problem = cleanStepsProblem(raw);
  if (problem) throw new InvalidParameterValue(problem);
  return (raw as { step: string; interface: string; args?: Step['args'] }[]).map((o) => ({
    step: o.step,
    interface: o.interface,
    priority: 0,
    args: o.args ?? {},
  }));
}

export async function runSteps(
  task: Task,
  field: StepField,
  steps: Step[],
  execute: (step: Step) => Promise<StepResult | void>,
): Promise<void> {
  for (const step of steps) {
    await task.save({ [field]: { ...step } });
    task.log.info({ [field]: step.step }, `running ${field.replace('_', ' ')} ${step.step}`);
    const started = Date.now();
    const result = await execute(step);
    const power = result?.power_state ? { power_state: result.power_state } : {};
    if (result?.info) await task.mergeInternalInfo(result.info, power);
    else if (result?.power_state) await task.save(power);
    const summary = result?.record ? `: ${JSON.stringify(result.record)}` : '';
    await task.history(`${field.replace('_', ' ')} ${step.step} done in ${((Date.now() - started) / 1000).toFixed(1)} s${summary}`);
  }
  await task.save({ [field]: null });
}
