// The `no` inspect interface: every call is refused with UnsupportedDriverExtension.
import type { InspectInterface } from '../interfaces/inspect.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoInspect extends NoInterface implements InspectInterface {
  protected readonly kind = 'inspect';
  async inspect(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
