// The `agent` BIOS interface: the ramdisk's BIOS plugin (a vendor tool, or the lab's NVRAM
// store) applies settings and resets them, as clean steps. getSettings reads them, with their
// registry attributes, from the running agent (bios.get_settings); the conductor caches them.
import type { JsonObject } from '../../db/types.js';
import type { BiosInterface, BiosSetting } from '../interfaces/bios.js';
import type { NodeContext } from '../interfaces/task.js';
import { agentClient } from './commands.js';
import { runAgentStep } from './hw-ops-command.js';

export class AgentBios implements BiosInterface {
  readonly properties = {};
  async validate(): Promise<void> {}

  async getSettings(ctx: NodeContext): Promise<BiosSetting[]> {
    const result = await agentClient(ctx).runCommand('bios.get_settings', {});
    return ((result.command_result as JsonObject | null)?.settings as unknown as BiosSetting[]) ?? [];
  }

  async applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void> {
    await runAgentStep(ctx, 'bios', 'apply_configuration', { settings: settings as unknown as JsonObject[] } as JsonObject);
  }

  async factoryReset(ctx: NodeContext): Promise<void> {
    await runAgentStep(ctx, 'bios', 'factory_reset', {});
  }
}
