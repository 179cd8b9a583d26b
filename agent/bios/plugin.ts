// A BIOS settings plugin: reads the settings with what it knows of their registry (type, allowed
// values, read-only, reset-required), applies a list, and resets to factory defaults. Ironic's
// BIOS registry field names are used as they are.
import type { BiosAttribute } from '../../protocol/bios-settings.js';

// The attributes and their check are shared with the API (protocol/bios-settings.ts).
export { settingProblem, type BiosAttribute } from '../../protocol/bios-settings.js';

export interface BiosPlugin {
  readonly name: string;
  /** 0: cannot run here; higher: more specific (a vendor tool outranks a generic store). */
  evaluate(): Promise<number>;
  getSettings(): Promise<BiosAttribute[]>;
  /** Applies all or nothing: every setting is checked before the first is written. */
  apply(settings: { name: string; value: string }[]): Promise<void>;
  factoryReset(): Promise<void>;
}
