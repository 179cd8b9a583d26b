import type { NodeContext } from './task.js';

/** driver_internal_info key of the rescue password's SHA-512 crypt hash (the clear text is never stored). */
export const RESCUE_HASH_KEY = 'rescue_password_hash';

/** Boots an active node into a rescue ramdisk and back. */
export interface RescueInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  /** 'wait' when the rescue ramdisk calls back asynchronously ("rescue wait"). */
  rescue(ctx: NodeContext, password: string): Promise<'done' | 'wait'>;
  /**
   * Agent-driven rescue: called after the rescue ramdisk's first heartbeat in "rescue wait", to
   * hand it the password (driver_internal_info.rescue_password_hash, SHA-512 crypt) and finish.
   */
  finishRescue?(ctx: NodeContext): Promise<void>;
  unrescue(ctx: NodeContext): Promise<void>;
  cleanUp(ctx: NodeContext): Promise<void>;
}
