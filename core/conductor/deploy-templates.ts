// Deploy templates at deploy time, as Ironic runs them: the instance asks for traits
// (instance_info.traits, which must be traits of the node); each template named like one of them
// adds its steps to the deploy. All steps then run highest priority first, ties broken by
// interface (power, management, deploy, bios, raid). The core step deploy.deploy (priority 100)
// is where the deploy interface takes over: template steps ordered before it run first, the rest
// after it (with an agent, among the agent's own steps once the ramdisk has called back).
import { DEPLOY_INTERFACE_PRIORITY } from '../../protocol/deploy-step-order.js';
import type { Store } from '../db/store.js';
import type { Step, StepResult } from '../drivers/interfaces/deploy.js';
import type { InterfaceKind } from '../drivers/interfaces/kinds.js';
import { NoInterface } from '../drivers/no/refuse.js';
import { InvalidParameterValue } from '../errors.js';
import { executeCleanStep, HW_OP_STEPS } from './steps/hw-ops-steps.js';
import type { ConductorContext } from './context.js';
import type { Task } from './task-manager.js';

/** Where template steps that must wait for the deploy interface are kept between the two halves. */
export const PENDING_TEMPLATE_STEPS = 'deploy_template_steps';

const CORE_STEP: Step = { interface: 'deploy', step: 'deploy', priority: 100 };

function rank(a: Step, b: Step): number {
  return b.priority - a.priority || (DEPLOY_INTERFACE_PRIORITY[b.interface] ?? 0) - (DEPLOY_INTERFACE_PRIORITY[a.interface] ?? 0);
}

/** Enabled steps (priority above 0) in the order they run. */
export function deployOrder(steps: Step[]): Step[] {
  return steps.filter((s) => s.priority > 0).sort(rank);
}

/** Steps that run before the deploy interface's own work, and those that run after it. */
export function aroundCoreStep(steps: Step[]): { before: Step[]; after: Step[] } {
  const ordered = deployOrder(steps);
  return { before: ordered.filter((s) => rank(s, CORE_STEP) < 0), after: ordered.filter((s) => rank(s, CORE_STEP) >= 0) };
}

/** The driver's own steps with the template's versions in place of the same interface and step (priority 0 disables one). */
export function withTemplateSteps(driverSteps: Step[], templateSteps: Step[]): Step[] {
  const key = (s: Step) => `${s.interface}.${s.step}`;
  const overridden = new Set(templateSteps.map(key));
  return deployOrder([...driverSteps.filter((s) => !overridden.has(key(s))), ...templateSteps]);
}

/** instance_info.traits: a list of strings, each also a trait of the node (Ironic's rule). */
async function instanceTraits(task: Task, store: Store): Promise<string[]> {
  const traits = task.node.instance_info.traits;
  if (traits === undefined || traits === null) return [];
  if (!Array.isArray(traits) || !traits.every((t) => typeof t === 'string')) {
    throw new InvalidParameterValue(
      `Error parsing deploy templates of node ${task.node.uuid}: instance_info.traits must be a list of strings, got ${JSON.stringify(traits)}.`,
    );
  }
  const nodeTraits = new Set(await store.traits.list(task.node.id));
  const missing = traits.filter((t) => !nodeTraits.has(t));
  if (missing.length) {
    throw new InvalidParameterValue(
      `Cannot specify instance traits that are not also node traits. Missing traits: ${missing.join(', ')}. Add them to node ${task.node.uuid} (PUT /v1/nodes/{node}/traits) or remove them from instance_info.traits.`,
    );
  }
  return traits;
}

/** Whether this node can run `step` as a deploy step: its interface is not `no`, and it has the step. */
function supported(task: Task, step: Step): boolean {
  const iface = task.ifaces[step.interface as InterfaceKind];
  if (!iface || iface instanceof NoInterface) return false;
  if (step.interface === 'deploy') return (task.ifaces.deploy.deploySteps?.(task.ctx) ?? []).some((s) => s.step === step.step);
  return HW_OP_STEPS[step.interface]?.includes(step.step) ?? false;
}

/**
 * The steps of the templates the instance asks for, each checked runnable on this node, so that
 * a deploy that cannot run them is refused (400) before it starts.
 */
export async function templateSteps(task: Task, store: Store): Promise<Step[]> {
  const traits = await instanceTraits(task, store);
  const steps: Step[] = [];
  for (const template of await store.deployTemplates.findByNames(traits)) {
    for (const s of template.steps) {
      const step: Step = { interface: s.interface, step: s.step, priority: s.priority, args: s.args };
      if (step.priority > 0 && !supported(task, step)) {
        throw new InvalidParameterValue(
          `Deploy template ${template.name} has the step ${step.interface}.${step.step}, which node ${task.node.uuid} cannot run as a deploy step (its ${step.interface}_interface is "${task.node[`${step.interface}_interface` as 'deploy_interface']}"). Set an interface that has it, or remove the trait from instance_info.traits.`,
        );
      }
      steps.push(step);
    }
  }
  return steps;
}

/** Runs one deploy step on the interface it names. */
export function executeDeployStep(task: Task, c: ConductorContext, step: Step): Promise<StepResult | void> {
  if (step.interface === 'deploy') return task.ifaces.deploy.executeDeployStep!(task.ctx, step);
  return executeCleanStep(task, c, step);
}
