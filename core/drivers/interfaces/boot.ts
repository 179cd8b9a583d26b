import type { NodeContext } from './task.js';

/** Prepares how a node boots: the deploy/rescue ramdisk, then the instance. */
export interface BootInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  /** Arranges for the next boot to load the deploy (or rescue) ramdisk. */
  prepareRamdisk(ctx: NodeContext, purpose: 'deploy' | 'rescue' | 'inspect' | 'clean'): Promise<void>;
  /** Undoes prepareRamdisk. */
  cleanUpRamdisk(ctx: NodeContext): Promise<void>;
  /** Arranges for the node to boot the deployed instance. */
  prepareInstance(ctx: NodeContext): Promise<void>;
  cleanUpInstance(ctx: NodeContext): Promise<void>;
}
