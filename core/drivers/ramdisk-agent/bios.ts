// The `agent` BIOS interface: the ramdisk's BIOS plugin (a vendor tool, or the lab's NVRAM
// store) applies settings and resets them, as clean steps. getSettings reads them, with their
// registry attributes, from the running agent (bios.get_settings); the conductor caches them.
import { parseBiosSettingsResult } from '../../../protocol/results/bios.js';
import { asHardwareError } from '../../shape-errors.js';
import type { BiosInterface, BiosSetting } from '../interfaces/bios.js';
import type { NodeContext } from '../interfaces/task.js';
import { agentClient } from './commands.js';
import { runAgentStep } from './hw-ops-command.js';

export class AgentBios implements BiosInterface {
  readonly properties = {};
  async validate(): Promise<void> {}

  async getSettings(ctx: NodeContext): Promise<BiosSetting[]> {
    const result = await agentClient(ctx).runCommand('bios.get_settings', {});
    return asHardwareError(() => parseBiosSettingsResult(result.command_result), `bios.get_settings on the agent of node ${ctx.node.uuid}`);
  }

  async applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void> {
    await runAgentStep(ctx, 'bios', 'apply_configuration', { settings: settings.map((s) => ({ ...s })) });
  }

  async factoryReset(ctx: NodeContext): Promise<void> {
    await runAgentStep(ctx, 'bios', 'factory_reset', {});
  }
}
