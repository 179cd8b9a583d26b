// Indicators (LEDs) of a node (API 1.63), through the management interface's optional methods.
import type { IndicatorState, ManagementInterface, SupportedIndicators } from '../drivers/interfaces/management.js';
import { UnsupportedDriverExtension } from '../errors.js';
import type { ConductorContext } from './context.js';
import type { Task } from './task-manager.js';

type WithIndicators = Required<Pick<ManagementInterface, 'supportedIndicators' | 'getIndicatorState' | 'setIndicatorState'>>;

function indicatorsOf(task: Task): WithIndicators {
  const mgmt = task.ifaces.management;
  if (!mgmt.supportedIndicators || !mgmt.getIndicatorState || !mgmt.setIndicatorState) {
    throw new UnsupportedDriverExtension(
      `The ${task.node.management_interface} management interface of node ${task.node.uuid} has no indicators.`,
    );
  }
  return mgmt as WithIndicators;
}

export async function supportedIndicators(c: ConductorContext, uuid: string): Promise<SupportedIndicators> {
  const task = await c.tasks.shared(uuid);
  return indicatorsOf(task).supportedIndicators(task.ctx);
}

export async function getIndicatorState(c: ConductorContext, uuid: string, component: string, name: string): Promise<IndicatorState> {
  const task = await c.tasks.shared(uuid);
  const mgmt = indicatorsOf(task);
  await task.ifaces.management.validate(task.ctx);
  return mgmt.getIndicatorState(task.ctx, component, name);
}

export async function setIndicatorState(
  c: ConductorContext,
  uuid: string,
  component: string,
  name: string,
  state: IndicatorState,
): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const mgmt = indicatorsOf(task);
    await task.ifaces.management.validate(task.ctx);
    await mgmt.setIndicatorState(task.ctx, component, name, state);
    await task.history(`Indicator ${name}@${component} set to ${state}`, 'info', 'management');
  });
}
