// Fake BIOS: settings kept in memory per node.
import type { BiosInterface, BiosSetting } from '../interfaces/bios.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeBios implements BiosInterface {
  readonly properties = NO_PROPERTIES;
  private readonly settings = new Map<string, Map<string, string | null>>();
  async validate(): Promise<void> {}
  async getSettings(ctx: NodeContext): Promise<BiosSetting[]> {
    return [...(this.settings.get(ctx.node.uuid) ?? new Map<string, string | null>()).entries()].map(([name, value]) => ({ name, value }));
  }
  async applyConfiguration(ctx: NodeContext, settings: BiosSetting[]): Promise<void> {
    const current = this.settings.get(ctx.node.uuid) ?? new Map<string, string | null>();
    for (const s of settings) current.set(s.name, s.value);
    this.settings.set(ctx.node.uuid, current);
  }
  async factoryReset(ctx: NodeContext): Promise<void> {
    this.settings.delete(ctx.node.uuid);
  }
}
