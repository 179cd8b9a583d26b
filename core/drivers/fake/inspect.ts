// Fake inspection: reports a small fixed machine.
import type { JsonObject } from '../../db/types.js';
import type { InspectInterface } from '../interfaces/inspect.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

export class FakeInspect implements InspectInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
  async inspect(ctx: NodeContext): Promise<{ result: 'done'; properties: JsonObject }> {
    await fakeDelay(ctx);
    return { result: 'done', properties: { cpus: 2, cpu_arch: 'x86_64', memory_mb: 2048, local_gb: 10 } };
  }
}
