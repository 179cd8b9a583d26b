// The `no` power interface: every call is refused with UnsupportedDriverExtension.
import type { PowerInterface } from '../interfaces/power.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoPower extends NoInterface implements PowerInterface {
  protected readonly kind = 'power';
  async getPowerState(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async setPowerState(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async reboot(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  supportedPowerStates(): [] {
    return [];
  }
}
