import type { NodeContext } from './task.js';

/** Boots an active node into a rescue ramdisk and back. */
export interface RescueInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  /** 'wait' when the rescue ramdisk calls back asynchronously ("rescue wait"). */
  rescue(ctx: NodeContext, password: string): Promise<'done' | 'wait'>;
  unrescue(ctx: NodeContext): Promise<void>;
  cleanUp(ctx: NodeContext): Promise<void>;
}
