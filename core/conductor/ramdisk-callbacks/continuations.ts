// The three operations a ramdisk heartbeat continues, each entered in its in-progress state
// (deploying, cleaning, rescuing) with the node locked, each ending with the event that leaves it.
import { STATE } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';
import type { Step } from '../../drivers/interfaces/deploy.js';
import { executeDeployStep, PENDING_TEMPLATE_STEPS, withTemplateSteps } from '../deploy-templates.js';
import { executeCleanStep } from '../steps/hw-ops-steps.js';
import { byPriority, manualSteps, runSteps } from '../steps/steps.js';

/**
 * write_image, prepare_instance_boot, tear_down_agent, boot_instance → active, with the deploy
 * template steps left for after the deploy interface's own work among them.
 */
export async function continueDeploy(task: Task, c: ConductorContext): Promise<void> {
  const pending = (task.node.driver_internal_info[PENDING_TEMPLATE_STEPS] ?? []) as Step[];
  const steps = withTemplateSteps(task.ifaces.deploy.deploySteps!(task.ctx), pending);
  await runSteps(task, 'deploy_step', steps, (s) => executeDeployStep(task, c, s));
  await task.ifaces.boot.cleanUpRamdisk(task.ctx);
  await task.refresh();
  await task.transition('done');
}

/** Automated (configured priorities) or manual (the operator's list, kept in driver_internal_info.clean_steps). */
export async function continueClean(task: Task, c: ConductorContext): Promise<void> {
  const { deploy, boot, power } = task.ifaces;
  const manual = task.node.target_provision_state === STATE.MANAGEABLE;
  const steps = manual ? manualSteps(task.node.driver_internal_info.clean_steps) : byPriority(deploy.cleanSteps!(task.ctx));
  await runSteps(task, 'clean_step', steps, (s) => executeCleanStep(task, c, s));
  await boot.cleanUpRamdisk(task.ctx);
  await power.setPowerState(task.ctx, 'power off', task.config.conductor.power_state_change_timeout);
  await task.refresh();
  const info = { ...task.node.driver_internal_info };
  delete info.clean_steps;
  await task.transition(manual ? 'manage' : 'done', { changes: { power_state: 'power off', driver_internal_info: info } });
}

/** The rescue ramdisk gets the password hash and stops → rescue. */
export async function continueRescue(task: Task): Promise<void> {
  await task.ifaces.rescue.finishRescue!(task.ctx);
  await task.refresh();
  await task.transition('done');
}
