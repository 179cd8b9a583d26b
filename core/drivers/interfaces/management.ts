import type { NodeContext } from './task.js';

export type BootDevice = 'pxe' | 'disk' | 'cdrom' | 'bios' | 'safe' | 'wanboot';

/** Boot device and other out-of-band management. */
export interface ManagementInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  supportedBootDevices(ctx: NodeContext): BootDevice[];
  setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean, efiboot?: boolean): Promise<void>;
  /** `boot_device` is null when the BMC cannot tell; `persistent` null likewise. */
  getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }>;
  /** Sends a non-maskable interrupt (crash dump). Optional capability. */
  injectNmi?(ctx: NodeContext): Promise<void>;
}
