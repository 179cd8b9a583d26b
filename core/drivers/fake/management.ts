// Fake management: remembers the boot device per node in memory.
import type { BootDevice, ManagementInterface } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeManagement implements ManagementInterface {
  readonly properties = NO_PROPERTIES;
  private readonly devices = new Map<string, { boot_device: BootDevice; persistent: boolean }>();

  async validate(): Promise<void> {}

  supportedBootDevices(): BootDevice[] {
    return ['pxe', 'disk', 'cdrom', 'bios', 'safe'];
  }

  async setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean): Promise<void> {
    this.devices.set(ctx.node.uuid, { boot_device: device, persistent });
  }

  async getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    return this.devices.get(ctx.node.uuid) ?? { boot_device: null, persistent: null };
  }

  async injectNmi(): Promise<void> {}
}
