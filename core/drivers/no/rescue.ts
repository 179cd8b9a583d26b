// The `no` rescue interface: every call is refused with UnsupportedDriverExtension.
import type { RescueInterface } from '../interfaces/rescue.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoRescue extends NoInterface implements RescueInterface {
  protected readonly kind = 'rescue';
  async rescue(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async unrescue(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async cleanUp(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
