// The `no` raid interface: every call is refused with UnsupportedDriverExtension.
import type { RaidInterface } from '../interfaces/raid.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoRaid extends NoInterface implements RaidInterface {
  protected readonly kind = 'raid';
  async validateRaidConfig(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async createConfiguration(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async deleteConfiguration(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
