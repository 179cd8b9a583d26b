import type { NodeContext } from './task.js';

/** Serial console access. */
export interface ConsoleInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  start(ctx: NodeContext): Promise<void>;
  stop(ctx: NodeContext): Promise<void>;
  /** Where a client connects, e.g. { type: 'socat', url: 'tcp://127.0.0.1:10000' }. */
  getConsole(ctx: NodeContext): Promise<{ type: string; url: string }>;
}
