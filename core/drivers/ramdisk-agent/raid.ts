// The `agent` RAID interface: Linux software RAID (mdadm) built by the ramdisk, as clean steps.
// Booting from the md root volume is not part of it: see core/drivers/ramdisk-agent/README-raid.md.
import { parseRaidConfigResult } from '../../../protocol/results/raid.js';
import { InvalidParameterValue } from '../../errors.js';
import { asHardwareError } from '../../shape-errors.js';
import type { JsonObject } from '../../db/types.js';
import type { RaidInterface } from '../interfaces/raid.js';
import type { NodeContext } from '../interfaces/task.js';
import { checkRaidConfig, LOGICAL_DISK_PROPERTIES } from '../raid-config.js';
import { runAgentStep } from './hw-ops-command.js';

export class AgentRaid implements RaidInterface {
  readonly properties = {};
  async validate(): Promise<void> {}

  async validateRaidConfig(_ctx: NodeContext, config: JsonObject): Promise<void> {
    checkRaidConfig(config);
  }

  async createConfiguration(ctx: NodeContext): Promise<JsonObject> {
    const target = ctx.node.target_raid_config;
    if (!target || !Array.isArray(target.logical_disks)) {
      throw new InvalidParameterValue(
        `Node ${ctx.node.uuid} has no target_raid_config: set one with PUT /v1/nodes/${ctx.node.uuid}/states/raid first.`,
      );
    }
    const result = await runAgentStep(ctx, 'raid', 'create_configuration', { target_raid_config: target });
    return asHardwareError(
      () => parseRaidConfigResult(result),
      `Clean step raid.create_configuration on the agent of node ${ctx.node.uuid}`,
    );
  }

  async deleteConfiguration(ctx: NodeContext): Promise<void> {
    await runAgentStep(ctx, 'raid', 'delete_configuration', {});
  }

  logicalDiskProperties() {
    return LOGICAL_DISK_PROPERTIES;
  }
}
