// The `no` vendor interface: no passthru methods, and validate() refuses.
import type { VendorInterface } from '../interfaces/vendor.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoVendor extends NoInterface implements VendorInterface {
  protected readonly kind = 'vendor';
  routes(): Record<string, never> {
    return {};
  }
  async call(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
