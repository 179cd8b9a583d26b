// Fake rescue: succeeds after the fake delay.
import type { RescueInterface } from '../interfaces/rescue.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

export class FakeRescue implements RescueInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
  async rescue(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    return 'done';
  }
  async unrescue(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
  }
  async cleanUp(): Promise<void> {}
}
