import type { NodeContext } from './task.js';

export interface FirmwareComponent {
  component: string;
  /** null when an updater could not read the version back after flashing. */
  current_version: string | null;
  /** The version before an update, when the update reports it. */
  initial_version?: string | null;
  last_version_flashed?: string | null;
}

/** Firmware inventory and updates (as clean steps). */
export interface FirmwareInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  /**
   * The steps talk to the BMC and need no ramdisk (Ironic's requires_ramdisk=False): a manual
   * clean with "disable_ramdisk" may run them from the conductor.
   */
  readonly outOfBand?: boolean;
  validate(ctx: NodeContext): Promise<void>;
  listComponents(ctx: NodeContext): Promise<FirmwareComponent[]>;
  /** May return the components as they are after the update (then listComponents is not asked). */
  /** `checksum` ("sha256:<hex>"…) is checked by whoever downloads the image. */
  update(ctx: NodeContext, settings: { component: string; url: string; checksum?: string }[]): Promise<void | FirmwareComponent[]>;
}
