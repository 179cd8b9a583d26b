// Fake console: tracks whether it is started; there is nothing to connect to.
import type { ConsoleInterface } from '../interfaces/console.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeConsole implements ConsoleInterface {
  readonly properties = NO_PROPERTIES;
  private readonly started = new Set<string>();
  async validate(): Promise<void> {}
  async start(ctx: NodeContext): Promise<void> {
    this.started.add(ctx.node.uuid);
  }
  async stop(ctx: NodeContext): Promise<void> {
    this.started.delete(ctx.node.uuid);
  }
  async getConsole(ctx: NodeContext): Promise<{ type: string; url: string }> {
    return { type: 'fake', url: this.started.has(ctx.node.uuid) ? 'fake://console' : '' };
  }
}
