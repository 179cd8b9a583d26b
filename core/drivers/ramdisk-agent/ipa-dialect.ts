// A stock ironic-python-agent (9.x, 2023.1, through master), driven as Ironic's conductor drives
// it (ironic/drivers/modules/agent.py, agent_base.py, agent_client.py):
// * write_image: deploy.get_deploy_steps, then IPA's own write_image deploy step
//   (deploy.execute_deploy_step with IPA's image_info and the config drive, deploy_version from
//   the listing), or standby.prepare_image for an IPA that lists no such step, as Ironic does;
//   then standby.get_partition_uuids, then image.install_bootloader where Ironic installs one
//   (a partition image, or a whole-disk image booting UEFI);
// * clean steps: clean.get_clean_steps first (the step must be one IPA offers; its managers'
//   version goes back as clean_version), then clean.execute_clean_step, polled;
// * standby.power_off asynchronously (IPA's reply races its shutdown), rescue.finalize_rescue;
// * log.collect_system_logs after a failed step.
// The token travels in the query (commands.ts); IPA's answers are parsed in protocol/results/.
import { parseAgentSteps, type AgentSteps } from '../../../protocol/results/agent-steps.js';
import { parseCleanStepResult } from '../../../protocol/results/clean-step.js';
import { parsePartitionUuids, type PartitionUuids } from '../../../protocol/results/partition-uuids.js';
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import { asHardwareError } from '../../shape-errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { collectAgentLogs } from './agent-logs.js';
import { targetBootMode } from '../../boot/boot-mode.js';
import { agentClient, runFinalCommand, runLongCommand } from './commands.js';
import type { AgentDialect, AgentStepCall } from './dialect.js';
import { ipaImageInfo, isPartitionImage } from './ipa-image-info.js';
import { stepNode } from './step-node.js';

const who = (ctx: NodeContext) => `the agent (ironic-python-agent) of node ${ctx.node.uuid}`;
const Who = (ctx: NodeContext) => `The agent (ironic-python-agent) of node ${ctx.node.uuid}`;

async function partitionUuids(ctx: NodeContext): Promise<PartitionUuids> {
  const result = await agentClient(ctx).runCommand('standby.get_partition_uuids', {}, { wait: true });
  return asHardwareError(() => parsePartitionUuids(result.command_result), `standby.get_partition_uuids on ${who(ctx)}`);
}

/** Ironic's configure_local_boot: a partition image needs a boot loader; a whole disk only for UEFI. */
async function installBootloader(ctx: NodeContext, partition: boolean, uuids: PartitionUuids): Promise<void> {
  const mode = targetBootMode(ctx.node);
  if (partition && !uuids.root_uuid) {
    throw new HardwareError(
      `${Who(ctx)} wrote the partition image but reported no root partition UUID (standby.get_partition_uuids), so no boot loader can be installed.`,
    );
  }
  if (!partition && mode !== 'uefi') return;
  const arch = ctx.node.properties.cpu_arch;
  await runLongCommand(
    ctx,
    'image.install_bootloader',
    {
      root_uuid: uuids.root_uuid,
      efi_system_part_uuid: partition && mode === 'uefi' ? uuids.efi_system_partition_uuid : null,
      prep_boot_part_uuid: typeof arch === 'string' && arch.startsWith('ppc64') ? uuids.prep_boot_partition_uuid : null,
      target_boot_mode: mode,
    },
    ctx.config.conductor.deploy_callback_timeout,
  );
}

/** <kind>.get_<kind>_steps: what the agent's hardware managers offer, and their version. */
async function listSteps(ctx: NodeContext, kind: 'clean' | 'deploy'): Promise<AgentSteps> {
  const name = `${kind}.get_${kind}_steps`;
  const result = await agentClient(ctx).runCommand(name, { node: stepNode(ctx), ports: [] }, { wait: true });
  return asHardwareError(() => parseAgentSteps(result.command_result, kind), `${name} on ${who(ctx)}`);
}

const offers = (listed: AgentSteps, step: Pick<AgentStepCall, 'step' | 'interface'>) =>
  listed.steps.some((s) => s.step === step.step && s.interface === step.interface);

/**
 * The image onto the disk: IPA's write_image deploy step when it lists one (Ironic's way since
 * IPA 6), else standby.prepare_image, which every IPA keeps.
 */
async function writeImageCommand(ctx: NodeContext, info: JsonObject): Promise<void> {
  const configdrive = typeof info.configdrive === 'string' ? info.configdrive : null;
  const timeout = ctx.config.conductor.deploy_callback_timeout;
  const listed = await listSteps(ctx, 'deploy');
  if (offers(listed, { step: 'write_image', interface: 'deploy' })) {
    const step = { interface: 'deploy', step: 'write_image', args: { image_info: info, configdrive } };
    const params = { step, node: stepNode(ctx), ports: [], deploy_version: listed.hardware_manager_version };
    await runLongCommand(ctx, 'deploy.execute_deploy_step', params, timeout);
    return;
  }
  // Ironic sends the config drive beside image_info (IPA ≥ 8) and inside it (older IPAs).
  await runLongCommand(ctx, 'standby.prepare_image', { image_info: info, ...(configdrive ? { configdrive } : {}) }, timeout);
}

/** clean.get_clean_steps: the step must be offered; returns the managers' version for clean_version. */
async function offeredCleanVersion(ctx: NodeContext, step: AgentStepCall): Promise<JsonObject> {
  const listed = await listSteps(ctx, 'clean');
  if (!offers(listed, step)) {
    const offered = [...new Set(listed.steps.map((s) => `${s.interface}.${s.step}`))].sort().join(', ') || 'none';
    throw new HardwareError(`${Who(ctx)} does not offer the clean step ${step.interface}.${step.step}; it offers: ${offered}.`);
  }
  return listed.hardware_manager_version;
}

/**
 * IPA hands back whatever the hardware manager's step returned: None, a dict, or a list (its
 * clean.py turns tuples into lists) or a string. Anything but an object is kept as {result}.
 */
function asObjectResult(commandResult: Record<string, unknown> | null): Record<string, unknown> | null {
  const value = commandResult?.clean_result;
  if (value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value))) return commandResult;
  return { ...commandResult, clean_result: { result: value } };
}

export const IPA_DIALECT: AgentDialect = {
  family: 'ipa',

  async writeImage(ctx, digest) {
    const partition = isPartitionImage(ctx.node.instance_info);
    await writeImageCommand(ctx, ipaImageInfo(ctx, digest));
    const uuids = await partitionUuids(ctx);
    await installBootloader(ctx, partition, uuids);
    return {
      is_whole_disk_image: !partition,
      root_uuid_or_disk_id: uuids.root_uuid,
      ...(uuids.efi_system_partition_uuid ? { efi_system_partition_uuid: uuids.efi_system_partition_uuid } : {}),
    };
  },

  async runCleanStep(ctx, step, timeoutSeconds) {
    const cleanVersion = await offeredCleanVersion(ctx, step);
    const result = await runLongCommand(
      ctx,
      'clean.execute_clean_step',
      { step: { args: {}, ...step }, node: stepNode(ctx), ports: [], clean_version: cleanVersion },
      timeoutSeconds,
    );
    return asHardwareError(
      () => parseCleanStepResult(asObjectResult(result.command_result)),
      `Clean step ${step.interface}.${step.step} on ${who(ctx)}`,
    );
  },

  // power_off is asynchronous in IPA: wait=true would hold the request open while it shuts down.
  powerOff: (ctx) => runFinalCommand(ctx, 'standby.power_off', {}, { wait: false }),

  // IPA ≥ 6 takes the crypt hash with hashed=true, as Ironic sends it; then it stops its API.
  finalizeRescue: (ctx, hash) => runFinalCommand(ctx, 'rescue.finalize_rescue', { rescue_password: hash, hashed: true }),

  async afterFailure(ctx) {
    await collectAgentLogs(ctx);
  },
};
