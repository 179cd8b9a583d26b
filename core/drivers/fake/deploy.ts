// Fake deploy: "writes" the image by waiting the fake delay; cleaning likewise. A node whose
// driver_info has fake_disk_failure fails its deploys and its cleanings with that message,
// standing in for a machine whose disk can be neither written nor erased (tests of what Nova
// and operators see then: a failed deploy, then a failed cleaning that holds the node).
import { HardwareError } from '../../errors.js';
import type { DeployInterface } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay } from './delay.js';

export const FAKE_DISK_FAILURE = 'fake_disk_failure';

const PROPERTIES = Object.freeze({
  [FAKE_DISK_FAILURE]: {
    description:
      'Testing only: when set, every deploy and every cleaning of this node fails with this text as its error. Remove it to repair the node.',
    required: false,
  },
});

/** Throws the node's injected disk failure, if it has one. */
function failIfAsked(ctx: NodeContext): void {
  const failure = ctx.node.driver_info[FAKE_DISK_FAILURE];
  if (failure === undefined || failure === null || failure === '') return;
  throw new HardwareError(`${typeof failure === 'string' ? failure : JSON.stringify(failure)} (driver_info.${FAKE_DISK_FAILURE})`);
}

export class FakeDeploy implements DeployInterface {
  readonly properties = PROPERTIES;
  async validate(): Promise<void> {}
  async deploy(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    failIfAsked(ctx);
    return 'done';
  }
  async tearDown(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
  }
  async clean(ctx: NodeContext): Promise<'done'> {
    await fakeDelay(ctx);
    failIfAsked(ctx);
    return 'done';
  }
  async takeOver(): Promise<void> {}
}
