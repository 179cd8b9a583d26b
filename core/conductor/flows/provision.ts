// What each provision verb does once the node is locked and its state allows the verb. Each
// entry runs in the background after the transition into its in-progress state, and ends with
// the event that leaves it ('done', 'wait', 'manage'…). Failures are turned into the 'fail'
// event by the caller (conductor/provision.ts).
import type { Step } from '../../drivers/interfaces/deploy.js';
import type { ProvisionArgs } from '../conductor-api.js';
import type { Task } from '../task-manager.js';
import { RESCUE_HASH_KEY } from '../../drivers/interfaces/rescue.js';
import { manualSteps, runSteps } from '../steps/steps.js';
import type { ConductorContext } from '../context.js';
import { aroundCoreStep, executeDeployStep, PENDING_TEMPLATE_STEPS, templateSteps } from '../deploy-templates.js';
import { releaseOnTearDown } from '../allocations.js';
import { configDriveBlob } from '../provision-inputs/configdrive.js';
import { sha512Crypt } from '../provision-inputs/sha512-crypt.js';
import { recordOutOfBandInspection } from '../inspection/out-of-band.js';
import { cleanWithoutRamdisk } from '../steps/out-of-band-clean.js';

export type Flow = (task: Task, args: ProvisionArgs, c: ConductorContext) => Promise<void>;

async function verify(task: Task): Promise<void> {
  const { power, management } = task.ifaces;
  await power.validate(task.ctx);
  await management.validate(task.ctx);
  const state = await power.getPowerState(task.ctx);
  await task.save({ power_state: state });
  await task.transition('done');
}

/** Automated cleaning (provide, and after tear-down) or manual cleaning with steps. */
async function clean(task: Task, args: ProvisionArgs, manual: boolean, c: ConductorContext): Promise<void> {
  const automated = task.node.automated_clean ?? task.config.conductor.automated_clean;
  if (manual && args.disable_ramdisk) await cleanWithoutRamdisk(task, c, args.clean_steps);
  else if (manual || automated) {
    // The operator's steps wait here for the agent's call-back (agent/continuations.ts).
    if (manual) await task.mergeInternalInfo({ clean_steps: manualSteps(args.clean_steps) });
    // The boot interface makes the machine PXE boot (ipxe) before the deploy interface starts it.
    await task.ifaces.boot.prepareRamdisk(task.ctx, 'clean');
    const result = await task.ifaces.deploy.clean(task.ctx, args.clean_steps);
    if (result === 'wait') {
      await task.transition('wait');
      return;
    }
    await task.ifaces.boot.cleanUpRamdisk(task.ctx);
  }
  // A retired node is not offered again after its instance is gone: it rests in manageable.
  await task.transition(manual || task.node.retired ? 'manage' : 'done', { changes: { clean_step: null } });
}

async function deploy(task: Task, args: ProvisionArgs, c: ConductorContext): Promise<void> {
  const { power, boot, deploy: deployer } = task.ifaces;
  await power.validate(task.ctx);
  await boot.validate(task.ctx);
  await deployer.validate(task.ctx);
  if (args.configdrive !== undefined) {
    // A JSON document becomes the ISO here, so the agent only ever gets a finished drive.
    const configdrive = await configDriveBlob(args.configdrive, task.node.uuid);
    await task.save({ instance_info: { ...task.node.instance_info, configdrive } });
  }
  // What a previous deploy recorded would be mistaken for this one's.
  await task.refresh();
  const info = { ...task.node.driver_internal_info };
  for (const k of ['deploy_progress', 'root_device', 'configdrive_partition', 'image_write', 'uefi_boot']) delete info[k];
  // Deploy template steps around the deploy interface's own work; with an agent, those after it
  // wait in driver_internal_info for its call-back (agent/continuations.ts).
  const { before, after } = aroundCoreStep(await templateSteps(task, c.store));
  await task.save({ driver_internal_info: { ...info, [PENDING_TEMPLATE_STEPS]: after }, deploy_step: null });
  const runTemplateStep = (s: Step) => executeDeployStep(task, c, s);
  await runSteps(task, 'deploy_step', before, runTemplateStep);
  await boot.prepareRamdisk(task.ctx, 'deploy');
  if ((await deployer.deploy(task.ctx)) === 'wait') {
    await task.transition('wait');
    return;
  }
  await runSteps(task, 'deploy_step', after, runTemplateStep);
  await boot.cleanUpRamdisk(task.ctx);
  await boot.prepareInstance(task.ctx);
  await power.setPowerState(task.ctx, 'power on', task.config.conductor.power_state_change_timeout);
  await task.save({ power_state: 'power on' });
  await task.transition('done');
}

/** Tear-down then automated cleaning: the node forgets its instance. */
async function undeploy(task: Task, args: ProvisionArgs, c: ConductorContext): Promise<void> {
  const { power, boot, deploy: deployer } = task.ifaces;
  await deployer.tearDown(task.ctx);
  await boot.cleanUpInstance(task.ctx);
  await power.setPowerState(task.ctx, 'power off', task.config.conductor.power_state_change_timeout);
  await task.save({ power_state: 'power off' });
  await releaseOnTearDown(task);
  await task.transition('clean', { changes: { instance_info: {}, instance_uuid: null } });
  await clean(task, args, false, c);
}

async function inspect(task: Task, _args: ProvisionArgs, c: ConductorContext): Promise<void> {
  // An agent's inventory counts for this inspection only if it arrived after this moment.
  await task.save({ inspection_started_at: new Date().toISOString(), inspection_finished_at: null });
  const result = await task.ifaces.inspect.inspect(task.ctx);
  if (result.result === 'wait') {
    await task.transition('wait');
    return;
  }
  if (result.inventory) await recordOutOfBandInspection(task, c, result.inventory, task.node.inspect_interface ?? 'out-of-band');
  await task.transition('done', {
    changes: { properties: { ...task.node.properties, ...result.properties }, inspection_finished_at: new Date().toISOString() },
  });
}

async function rescue(task: Task, args: ProvisionArgs): Promise<void> {
  // Hashed at once (SHA-512 crypt, what the ramdisk's /etc/shadow takes); the clear text is
  // only handed to the interface, never written.
  const ii = { ...task.node.instance_info };
  delete ii.rescue_password;
  await task.mergeInternalInfo({ [RESCUE_HASH_KEY]: sha512Crypt(args.rescue_password!) }, { instance_info: ii });
  const result = await task.ifaces.rescue.rescue(task.ctx, args.rescue_password!);
  await task.transition(result === 'wait' ? 'wait' : 'done');
}

async function unrescue(task: Task): Promise<void> {
  await task.ifaces.rescue.unrescue(task.ctx);
  await task.refresh();
  const info = { ...task.node.driver_internal_info };
  delete info[RESCUE_HASH_KEY];
  await task.transition('done', { changes: { driver_internal_info: info } });
}

async function adopt(task: Task): Promise<void> {
  const { power, boot, deploy: deployer } = task.ifaces;
  await power.validate(task.ctx);
  await boot.validate(task.ctx);
  await deployer.validate(task.ctx);
  await deployer.takeOver?.(task.ctx);
  await task.transition('done');
}

/** Background work per event that starts an in-progress state. */
export const FLOWS: Partial<Record<string, Flow>> = {
  manage: verify, // only from enroll; other 'manage' transitions are immediate
  provide: (task, args, c) => clean(task, args, false, c),
  clean: (task, args, c) => clean(task, args, true, c),
  deploy,
  rebuild: deploy,
  delete: undeploy,
  inspect,
  rescue,
  unrescue,
  adopt,
};
