// The `agent` firmware interface: the ramdisk downloads each file, checks its checksum and runs
// an updater plugin (fwupd, an allowed vendor command, or the lab's TEST-ONLY file store). The
// vendor tools a node may run come from its driver_info.agent_firmware_commands (a list).
import { parseFirmwareUpdateResult, parseFirmwareVersions } from '../../../protocol/results/firmware.js';
import { asHardwareError } from '../../shape-errors.js';
import type { FirmwareComponent, FirmwareInterface } from '../interfaces/firmware.js';
import type { NodeContext } from '../interfaces/task.js';
import { agentClient } from './commands.js';
import { runAgentStep } from './hw-ops-command.js';

export class AgentFirmware implements FirmwareInterface {
  readonly properties = {
    agent_firmware_commands: {
      description: 'Vendor firmware tools (absolute paths) the command updater may run. Optional.',
      required: false,
    },
  };
  async validate(): Promise<void> {}

  async listComponents(ctx: NodeContext): Promise<FirmwareComponent[]> {
    const result = await agentClient(ctx).runCommand('firmware.get_versions', {});
    const versions = asHardwareError(
      () => parseFirmwareVersions(result.command_result),
      `firmware.get_versions on the agent of node ${ctx.node.uuid}`,
    );
    return Object.entries(versions).map(([component, current_version]) => ({ component, current_version }));
  }

  async update(ctx: NodeContext, settings: { component: string; url: string }[]): Promise<FirmwareComponent[]> {
    const allowed = ctx.node.driver_info.agent_firmware_commands;
    const result = await runAgentStep(ctx, 'firmware', 'update_firmware', {
      firmware_images: settings.map((s) => ({ ...s })),
      allowed_commands: Array.isArray(allowed) ? allowed : [],
    });
    return asHardwareError(() => parseFirmwareUpdateResult(result), `firmware update_firmware on the agent of node ${ctx.node.uuid}`);
  }
}
