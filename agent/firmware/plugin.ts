// A firmware updater plugin: flashes one component from a verified file, and may know the
// current versions of the components it handles. The registry (registry.ts) picks one per entry.
import type { FirmwareImage } from '../../protocol/firmware-images.js';

/** One entry of a firmware update step, as the API checked it (protocol/firmware-images.ts). */
export type FirmwareEntry = FirmwareImage;

export interface UpdateContext {
  /** driver_info.agent_firmware_commands, passed by the conductor: the vendor tools allowed. */
  allowedCommands: string[];
}

export interface FirmwareUpdater {
  readonly name: string;
  /** Whether this plugin can run here at all (its tool exists, or its test store is enabled). */
  available(): Promise<boolean>;
  /** Whether it is the right one for this entry when none is named. */
  handles(entry: FirmwareEntry): boolean;
  update(entry: FirmwareEntry, file: string, ctx: UpdateContext): Promise<void>;
  /** Current versions of what this plugin sees, by component name. */
  versions?(): Promise<Record<string, string>>;
}
