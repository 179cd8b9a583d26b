// The `no` boot interface: every call is refused with UnsupportedDriverExtension.
import type { BootInterface } from '../interfaces/boot.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoBoot extends NoInterface implements BootInterface {
  protected readonly kind = 'boot';
  async prepareRamdisk(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async cleanUpRamdisk(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async prepareInstance(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async cleanUpInstance(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
