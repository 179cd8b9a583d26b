// Manual cleaning with "disable_ramdisk" (API 1.70, Ironic's rule): the operator's steps run from
// the conductor, with no ramdisk booted, which only steps of out-of-band interfaces can do (a
// BMC's BIOS, RAID or firmware service, e.g. `redfish`). A step that needs the ramdisk refuses
// the whole request before the first step runs.
import { InvalidParameterValue } from '../../errors.js';
import type { Step } from '../../drivers/interfaces/deploy.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';
import { executeCleanStep } from './hw-ops-steps.js';
import { manualSteps, runSteps } from './steps.js';

function runsWithoutRamdisk(task: Task, step: Step): boolean {
  const { bios, raid, firmware } = task.ifaces;
  const byInterface: Record<string, { outOfBand?: boolean } | undefined> = { bios, raid, firmware };
  return byInterface[step.interface]?.outOfBand === true;
}

export async function cleanWithoutRamdisk(task: Task, c: ConductorContext, rawSteps: unknown): Promise<void> {
  const steps = manualSteps(rawSteps);
  const needRamdisk = steps.filter((s) => !runsWithoutRamdisk(task, s));
  if (needRamdisk.length > 0) {
    const names = needRamdisk.map((s) => `${s.interface}.${s.step}`).join(', ');
    throw new InvalidParameterValue(
      `Node ${task.node.uuid}: ${names} cannot run with "disable_ramdisk" (the node's ${needRamdisk[0]!.interface}_interface needs the ramdisk); send the request without "disable_ramdisk", or use an out-of-band interface such as redfish.`,
    );
  }
  await runSteps(task, 'clean_step', steps, (s) => executeCleanStep(task, c, s));
}
