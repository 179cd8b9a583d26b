import type { NodeContext } from './task.js';

/**
 * How an image reaches the node's disk. `deploy` returns 'done' when the instance is in place,
 * or 'wait' when the node must call back (the agent), leaving it in "wait call-back".
 */
export interface DeployInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  deploy(ctx: NodeContext): Promise<'done' | 'wait'>;
  /** Removes the instance: the node is powered off and its instance data forgotten. */
  tearDown(ctx: NodeContext): Promise<void>;
  /** Automated or manual cleaning; 'wait' when an agent finishes it asynchronously. */
  clean(ctx: NodeContext, steps?: Record<string, unknown>[]): Promise<'done' | 'wait'>;
  /** Takes over a node that already runs an instance, without touching its disk. */
  takeOver?(ctx: NodeContext): Promise<void>;
}
