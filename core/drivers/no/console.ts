// The `no` console interface: every call is refused with UnsupportedDriverExtension.
import type { ConsoleInterface } from '../interfaces/console.js';
import type { NodeContext } from '../interfaces/task.js';
import { NoInterface } from './refuse.js';

export class NoConsole extends NoInterface implements ConsoleInterface {
  protected readonly kind = 'console';
  async start(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async stop(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
  async getConsole(ctx: NodeContext): Promise<never> {
    this.refuse(ctx);
  }
}
