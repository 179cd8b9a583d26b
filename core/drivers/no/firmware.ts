// The `no` firmware interface: every call is refused with UnsupportedDriverExtension.
import type { FirmwareInterface } from '../interfaces/firmware.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoFirmware extends NoInterface implements FirmwareInterface {
  protected readonly kind = 'firmware';
  async listComponents(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async update(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
