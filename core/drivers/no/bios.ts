// The `no` bios interface: every call is refused with UnsupportedDriverExtension.
import type { BiosInterface } from '../interfaces/bios.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoBios extends NoInterface implements BiosInterface {
  protected readonly kind = 'bios';
  async getSettings(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async applyConfiguration(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async factoryReset(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
