import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from './task.js';

/** Builds and deletes RAID volumes (as clean or deploy steps). */
export interface RaidInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  /**
   * The steps talk to the BMC and need no ramdisk (Ironic's requires_ramdisk=False): a manual
   * clean with "disable_ramdisk" may run them from the conductor.
   */
  readonly outOfBand?: boolean;
  validate(ctx: NodeContext): Promise<void>;
  /** Checks a target_raid_config before it is stored. */
  validateRaidConfig(ctx: NodeContext, config: JsonObject): Promise<void>;
  /** Creates the node's target_raid_config; returns the resulting raid_config. */
  createConfiguration(ctx: NodeContext): Promise<JsonObject>;
  deleteConfiguration(ctx: NodeContext): Promise<void>;
  /** Logical disk keys this interface understands, with descriptions (absent: RAID unsupported). */
  logicalDiskProperties?(): Readonly<Record<string, string>>;
}
