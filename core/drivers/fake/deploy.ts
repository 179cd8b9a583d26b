// Fake deploy: "writes" the image by waiting the fake delay; cleaning likewise. A node whose
// driver_info has fake_deploy_failure fails its deploys with that message, standing in for a
// machine whose disk cannot be written (tests of what Nova and operators see then).
import { HardwareError } from '../../errors.js';
import type { DeployInterface } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay } from './delay.js';

export const FAKE_DEPLOY_FAILURE = 'fake_deploy_failure';

const PROPERTIES = Object.freeze({
  [FAKE_DEPLOY_FAILURE]: {
    description: 'Testing only: when set, every deploy of this node fails with this text as its error. Remove it to repair the node.',
    required: false,
  },
});

export class FakeDeploy implements DeployInterface {
  readonly properties = PROPERTIES;
  async validate(): Promise<void> {}
  async deploy(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    const failure = ctx.node.driver_info[FAKE_DEPLOY_FAILURE];
    if (failure !== undefined && failure !== null && failure !== '') {
      throw new HardwareError(`${typeof failure === 'string' ? failure : JSON.stringify(failure)} (driver_info.${FAKE_DEPLOY_FAILURE})`);
    }
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
