// Fake firmware: versions kept in memory per node; an update sets the version to the URL's name.
import type { FirmwareComponent, FirmwareInterface } from '../interfaces/firmware.js';
import type { NodeContext } from '../interfaces/task.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeFirmware implements FirmwareInterface {
  readonly properties = NO_PROPERTIES;
  private readonly versions = new Map<string, Map<string, string>>();
  async validate(): Promise<void> {}
  async listComponents(ctx: NodeContext): Promise<FirmwareComponent[]> {
    const v =
      this.versions.get(ctx.node.uuid) ??
      new Map([
        ['bios', '1.0.0'],
        ['bmc', '1.0.0'],
      ]);
    return [...v.entries()].map(([component, current_version]) => ({ component, current_version }));
  }
  async update(ctx: NodeContext, settings: { component: string; url: string }[]): Promise<void> {
    const v =
      this.versions.get(ctx.node.uuid) ??
      new Map([
        ['bios', '1.0.0'],
        ['bmc', '1.0.0'],
      ]);
    for (const s of settings) v.set(s.component, s.url.split('/').pop() ?? s.url);
    this.versions.set(ctx.node.uuid, v);
  }
}
