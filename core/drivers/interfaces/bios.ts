import type { NodeContext } from './task.js';

export interface BiosSetting {
  name: string;
  value: string | null;
}

/** Reads and applies BIOS settings (as clean steps). */
export interface BiosInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  /**
   * The steps talk to the BMC and need no ramdisk (Ironic's requires_ramdisk=False): a manual
   * clean with "disable_ramdisk" may run them from the conductor.
   */
  readonly outOfBand?: boolean;
  validate(ctx: NodeContext): Promise<void>;
  getSettings(ctx: NodeContext): Promise<BiosSetting[]>;
  applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void>;
  factoryReset(ctx: NodeContext): Promise<void>;
}
