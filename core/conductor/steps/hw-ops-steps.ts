// Manual clean steps by interface: deploy (the agent's erase and burn-in steps), bios
// (apply_configuration, factory_reset), raid (create_configuration, delete_configuration) and
// firmware (update_firmware, or Ironic's `update`). What the bios and firmware steps leave is
// cached on the node (GET /v1/nodes/{id}/bios, /firmware); RAID results go to raid_config.
import { InvalidParameterValue } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import type { Step, StepResult } from '../../drivers/interfaces/deploy.js';
import type { FirmwareComponent } from '../../drivers/interfaces/firmware.js';
import { parseBiosSettings } from '../../../protocol/bios-settings.js';
import { parseBmcFirmwareImages, parseFirmwareImages } from '../../../protocol/firmware-images.js';
import { asBadRequest } from '../../shape-errors.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';
import { forgetPairing, pairForNetworkBurnin } from './burnin-pairing.js';

export { HW_OP_STEPS } from '../../../protocol/hw-op-steps.js';

async function cacheBios(task: Task, c: ConductorContext): Promise<void> {
  const settings = await task.ifaces.bios.getSettings(task.ctx);
  await c.store.bios.replace(task.node.id, settings);
}

async function cacheFirmware(task: Task, c: ConductorContext, updated: void | FirmwareComponent[]): Promise<JsonObject> {
  const components = updated && updated.length > 0 ? updated : await task.ifaces.firmware.listComponents(task.ctx);
  await c.store.firmware.record(task.node.id, components);
  return { components };
}

async function runBios(task: Task, c: ConductorContext, step: Step): Promise<StepResult> {
  if (step.step === 'apply_configuration') {
    const settings = asBadRequest(
      () => parseBiosSettings(step.args?.settings),
      `Clean step bios.apply_configuration of node ${task.node.uuid}`,
    );
    await task.ifaces.bios.applyConfiguration(
      task.ctx,
      settings.map((s) => ({ name: s.name, value: String(s.value) })),
    );
  } else {
    await task.ifaces.bios.factoryReset(task.ctx);
  }
  await cacheBios(task, c);
  return { record: { settings: step.args?.settings ?? 'factory defaults' } };
}

async function runRaid(task: Task, step: Step): Promise<StepResult> {
  if (step.step === 'create_configuration') {
    const raidConfig = await task.ifaces.raid.createConfiguration(task.ctx);
    await task.save({ raid_config: raidConfig });
    return { record: raidConfig };
  }
  await task.ifaces.raid.deleteConfiguration(task.ctx);
  await task.save({ raid_config: {} });
  return {};
}

async function runFirmware(task: Task, c: ConductorContext, step: Step): Promise<StepResult> {
  // An out-of-band interface's BMC fetches the image itself: Ironic's {component, url} is enough.
  const parse = task.ifaces.firmware.outOfBand ? parseBmcFirmwareImages : parseFirmwareImages;
  const images = asBadRequest(
    () => parse(step.args?.firmware_images ?? step.args?.settings),
    `Clean step firmware.${step.step} of node ${task.node.uuid}`,
  );
  const updated = await task.ifaces.firmware.update(task.ctx, images);
  return { record: await cacheFirmware(task, c, updated) };
}

/** Runs one manual clean step on the interface it names. */
export async function executeCleanStep(task: Task, c: ConductorContext, step: Step): Promise<StepResult | void> {
  const { deploy } = task.ifaces;
  switch (step.interface) {
    case 'deploy':
      if (step.step !== 'burnin_network') return deploy.executeCleanStep!(task.ctx, step);
      try {
        return await deploy.executeCleanStep!(task.ctx, await pairForNetworkBurnin(task, c, step));
      } finally {
        await forgetPairing(task);
      }
    case 'bios':
      return runBios(task, c, step);
    case 'raid':
      return runRaid(task, step);
    case 'firmware':
      return runFirmware(task, c, step);
    default:
      throw new InvalidParameterValue(
        `Clean step ${step.step} names interface "${step.interface}", which has no clean steps on node ${task.node.uuid} (deploy, bios, raid and firmware have).`,
      );
  }
}
