// The `no` deploy interface: every call is refused with UnsupportedDriverExtension.
import type { DeployInterface } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoDeploy extends NoInterface implements DeployInterface {
  protected readonly kind = 'deploy';
  async deploy(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async tearDown(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async clean(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
