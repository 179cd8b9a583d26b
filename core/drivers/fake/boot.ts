// Fake boot: nothing to prepare; records what was last prepared so tests can look.
import type { BootInterface } from '../interfaces/boot.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeBoot implements BootInterface {
  readonly properties = NO_PROPERTIES;
  readonly prepared = new Map<string, string>();
  async validate(): Promise<void> {}
  async prepareRamdisk(ctx: NodeContext, purpose: string): Promise<void> {
    this.prepared.set(ctx.node.uuid, `ramdisk:${purpose}`);
  }
  async cleanUpRamdisk(ctx: NodeContext): Promise<void> {
    this.prepared.delete(ctx.node.uuid);
  }
  async prepareInstance(ctx: NodeContext): Promise<void> {
    this.prepared.set(ctx.node.uuid, 'instance');
  }
  async cleanUpInstance(ctx: NodeContext): Promise<void> {
    this.prepared.delete(ctx.node.uuid);
  }
}
