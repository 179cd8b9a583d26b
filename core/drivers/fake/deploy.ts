// Fake deploy: "writes" the image by waiting the fake delay; cleaning likewise.
import type { DeployInterface } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

export class FakeDeploy implements DeployInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
  async deploy(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    return 'done';
  }
  async tearDown(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
  }
  async clean(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    return 'done';
  }
  async takeOver(): Promise<void> {}
}
