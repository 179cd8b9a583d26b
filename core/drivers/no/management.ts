// The `no` management interface: every call is refused with UnsupportedDriverExtension.
import type { ManagementInterface } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoManagement extends NoInterface implements ManagementInterface {
  protected readonly kind = 'management';
  supportedBootDevices(): [] {
    return [];
  }
  async setBootDevice(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async getBootDevice(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
