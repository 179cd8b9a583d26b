// Tyr's own agent (agent/): prepare_image writes the image and config drive and reports where
// and how fast, and under UEFI how the firmware will find the OS (uefi_boot); clean steps run without a listing first; power off and rescue end the agent.
import { parseCleanStepResult } from '../../../protocol/results/clean-step.js';
import { parseImageWriteResult } from '../../../protocol/results/image-write.js';
import { asHardwareError } from '../../shape-errors.js';
import { runFinalCommand, runLongCommand } from './commands.js';
import type { AgentDialect, AgentStepCall } from './dialect.js';
import { tyrImageInfo } from './image-info.js';
import { stepNode } from './step-node.js';

export const TYR_DIALECT: AgentDialect = {
  family: 'tyr',

  async writeImage(ctx, digest) {
    const result = await runLongCommand(
      ctx,
      'standby.prepare_image',
      { image_info: tyrImageInfo(ctx, digest) },
      ctx.config.conductor.deploy_callback_timeout,
    );
    const r = asHardwareError(
      () => parseImageWriteResult(result.command_result),
      `standby.prepare_image on the agent of node ${ctx.node.uuid}`,
    );
    return {
      root_device: r.root_device,
      configdrive_partition: r.configdrive_partition,
      image_write: { bytes_written: r.bytes_written, seconds: r.seconds, mb_per_s: r.mb_per_s },
      uefi_boot: r.uefi_boot ? { ...r.uefi_boot } : null,
    };
  },

  async runCleanStep(ctx, step: AgentStepCall, timeoutSeconds) {
    const result = await runLongCommand(
      ctx,
      'clean.execute_clean_step',
      { step: { args: {}, ...step }, node: stepNode(ctx), ports: [] },
      timeoutSeconds,
    );
    return asHardwareError(
      () => parseCleanStepResult(result.command_result),
      `Clean step ${step.interface}.${step.step} on the agent of node ${ctx.node.uuid}`,
    );
  },

  powerOff: (ctx) => runFinalCommand(ctx, 'standby.power_off'),

  finalizeRescue: (ctx, hash) => runFinalCommand(ctx, 'rescue.finalize_rescue', { rescue_password: hash, hashed: true }),

  // Tyr's agent leaves its log on the console and in the ramdisk; nothing to fetch here.
  afterFailure: () => Promise.resolve(),
};
