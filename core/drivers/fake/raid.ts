// Fake RAID: the created configuration is the target configuration.
import type { JsonObject } from '../../db/types.js';
import { LOGICAL_DISK_PROPERTIES } from '../raid-config.js';
import type { RaidInterface } from '../interfaces/raid.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeRaid implements RaidInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
  async validateRaidConfig(): Promise<void> {}
  async createConfiguration(ctx: NodeContext): Promise<JsonObject> {
    return { ...ctx.node.target_raid_config };
  }
  async deleteConfiguration(): Promise<void> {}
  logicalDiskProperties() {
    return LOGICAL_DISK_PROPERTIES;
  }
}
