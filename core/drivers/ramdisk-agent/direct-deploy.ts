// The `direct` deploy interface: the node boots the agent ramdisk, and the agent writes the image
// itself. deploy() powers the node into the ramdisk (the boot interface has already made it PXE
// boot) and waits; the agent's first heartbeat makes the conductor run the deploy steps below
// (write_image, prepare_instance_boot, tear_down_agent, boot_instance). Cleaning works the same
// way with the agent's clean steps. If the agent never calls back, the call-back timeout fails
// the node.
import { setTimeout as sleep } from 'node:timers/promises';
import { asText } from '../../as-text.js';
import { InvalidParameterValue } from '../../errors.js';
import type { DeployInterface, Step, StepResult } from '../interfaces/deploy.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';
import { BURNIN_STEPS, runBurninStep } from './burnin.js';
import { bootRootImageDigest, bootRootImageFile, isBootRootImage } from './boot-root-image.js';
import { agentDialect } from './dialect.js';
import { uefiBootSummary } from './uefi-boot-summary.js';
import type { JsonObject } from '../../db/types.js';
import { AGENT_CLEAN_STEPS } from '../../../protocol/clean-steps.js';

export { AGENT_CLEAN_STEPS };

const HASH_ALGOS = ['md5', 'sha256', 'sha512'];

/** instance_info carries the image's hash (os_hash pair or md5 checksum). */
function hasChecksum(info: JsonObject): boolean {
  return info.image_os_hash_algo !== undefined || (typeof info.image_checksum === 'string' && info.image_checksum !== '');
}

async function bootRamdisk(ctx: NodeContext): Promise<'wait'> {
  const { power } = driverOf(ctx);
  const timeout = ctx.config.conductor.power_state_change_timeout;
  // A running machine must restart to pick up PXE; a stopped one just powers on.
  if ((await power.getPowerState(ctx)) === 'power on') await power.reboot(ctx, false, timeout);
  else await power.setPowerState(ctx, 'power on', timeout);
  return 'wait';
}

async function powerOff(ctx: NodeContext): Promise<void> {
  await driverOf(ctx).power.setPowerState(ctx, 'power off', ctx.config.conductor.power_state_change_timeout);
}

/**
 * tear_down_agent: the agent syncs and powers the machine off itself (a clean shutdown); the BMC
 * forces it off if it has not gone off within conductor.agent_power_off_wait.
 */
async function tearDownAgent(ctx: NodeContext): Promise<StepResult> {
  const { power } = driverOf(ctx);
  try {
    await agentDialect(ctx).powerOff(ctx);
    const deadline = Date.now() + ctx.config.conductor.agent_power_off_wait * 1000;
    while (Date.now() < deadline) {
      if ((await power.getPowerState(ctx)) === 'power off') return { power_state: 'power off' };
      await sleep(1000);
    }
  } catch (err) {
    ctx.log.warn({ err }, 'the agent did not power the node off; forcing it through the BMC');
  }
  await powerOff(ctx);
  return { power_state: 'power off' };
}

export class DirectDeploy implements DeployInterface {
  readonly properties = {};

  async validate(ctx: NodeContext): Promise<void> {
    const info = ctx.node.instance_info;
    const node = ctx.node.uuid;
    const source = info.image_source;
    if (typeof source !== 'string' || source.trim() === '') {
      throw new InvalidParameterValue(
        `Node ${node} has no instance_info/image_source: set it to an http(s) URL of the image or a file under the boot root.`,
      );
    }
    const algo = info.image_os_hash_algo;
    if (algo !== undefined && !HASH_ALGOS.includes(asText(algo))) {
      throw new InvalidParameterValue(
        `Node ${node}: instance_info/image_os_hash_algo "${asText(algo)}" is not supported (use ${HASH_ALGOS.join(', ')}).`,
      );
    }
    if ((algo === undefined) !== (info.image_os_hash_value === undefined)) {
      throw new InvalidParameterValue(
        `Node ${node}: instance_info/image_os_hash_algo and image_os_hash_value go together; set both (or image_checksum instead).`,
      );
    }
    // The agent never writes an image it cannot verify; say so before anything boots. An image in
    // the boot root is the exception: Tyr hashes it itself (boot-root-image.ts).
    if (!hasChecksum(info)) {
      if (!isBootRootImage(source)) {
        throw new InvalidParameterValue(
          `Node ${node} has no image checksum: set instance_info/image_os_hash_algo and image_os_hash_value (sha256, sha512 or md5), or image_checksum (md5).`,
        );
      }
      await bootRootImageFile(ctx.config, node, source);
    }
    const format = info.image_disk_format;
    if (format !== undefined && format !== 'raw' && format !== 'qcow2') {
      throw new InvalidParameterValue(
        `Node ${node}: instance_info/image_disk_format "${asText(format)}" is not supported (use raw or qcow2).`,
      );
    }
  }

  deploy(ctx: NodeContext): Promise<'wait'> {
    return bootRamdisk(ctx);
  }

  async tearDown(ctx: NodeContext): Promise<void> {
    await powerOff(ctx);
  }

  /** Cleaning runs in the agent too: boot it and wait for its call-back. */
  clean(ctx: NodeContext): Promise<'wait'> {
    return bootRamdisk(ctx);
  }

  /** Ironic's agent deploy steps and priorities. */
  deploySteps(): Step[] {
    return [
      { step: 'write_image', interface: 'deploy', priority: 80 },
      { step: 'prepare_instance_boot', interface: 'deploy', priority: 60 },
      { step: 'tear_down_agent', interface: 'deploy', priority: 40 },
      { step: 'boot_instance', interface: 'deploy', priority: 20 },
    ];
  }

  async executeDeployStep(ctx: NodeContext, step: Step): Promise<StepResult> {
    switch (step.step) {
      case 'write_image': {
        const ii = ctx.node.instance_info;
        const digest = hasChecksum(ii) ? undefined : await bootRootImageDigest(ctx.config, ctx.node.uuid, String(ii.image_source));
        const info = await agentDialect(ctx).writeImage(ctx, digest);
        const record = uefiBootSummary(info.uefi_boot);
        return record ? { info, record } : { info };
      }
      case 'prepare_instance_boot':
        await driverOf(ctx).boot.prepareInstance(ctx);
        return {};
      case 'tear_down_agent':
        return tearDownAgent(ctx);
      case 'boot_instance':
        await driverOf(ctx).power.setPowerState(ctx, 'power on', ctx.config.conductor.power_state_change_timeout);
        return { power_state: 'power on' };
      default:
        throw new InvalidParameterValue(`Deploy step "${step.step}" is not a step of the direct deploy interface.`);
    }
  }

  /** erase_devices_metadata and erase_devices, at their configured priorities (0: off). */
  cleanSteps(ctx: NodeContext): Step[] {
    const c = ctx.config.conductor;
    return [
      { step: 'erase_devices_metadata', interface: 'deploy', priority: c.erase_devices_metadata_priority },
      { step: 'erase_devices', interface: 'deploy', priority: c.erase_devices_priority },
    ].filter((s) => s.priority > 0);
  }

  async executeCleanStep(ctx: NodeContext, step: Step): Promise<StepResult> {
    if (BURNIN_STEPS.includes(step.step)) return runBurninStep(ctx, step);
    if (!AGENT_CLEAN_STEPS.includes(step.step)) {
      throw new InvalidParameterValue(
        `Clean step "${step.step}" is not supported by the direct deploy interface (supported: ${[...AGENT_CLEAN_STEPS, ...BURNIN_STEPS].join(', ')}).`,
      );
    }
    await agentDialect(ctx).runCleanStep(ctx, step, ctx.config.conductor.clean_callback_timeout);
    return {};
  }

  async onStepFailure(ctx: NodeContext): Promise<void> {
    await agentDialect(ctx).afterFailure(ctx);
    await powerOff(ctx).catch((err: unknown) => ctx.log.error({ err }, 'could not power the node off after a failed step'));
  }
}
