import type { NodeContext } from './task.js';

export interface BiosSetting {
  name: string;
  value: string | null;
}

/** Reads and applies BIOS settings (as clean steps). */
export interface BiosInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  getSettings(ctx: NodeContext): Promise<BiosSetting[]>;
  applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void>;
  factoryReset(ctx: NodeContext): Promise<void>;
}
