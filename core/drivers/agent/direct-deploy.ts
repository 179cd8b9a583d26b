// The `direct` deploy interface: the node boots the agent ramdisk, and the agent writes the image
// itself. Here is the conductor's half up to the call-back: check instance_info, then power the
// node into the ramdisk (the boot interface has already made it PXE boot) and wait. The agent's
// heartbeat continues the deploy; if it never comes, deploy_callback_timeout fails the node.
import { InvalidParameterValue } from '../../errors.js';
import type { DeployInterface } from '../interfaces/deploy.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';

const HASH_ALGOS = ['md5', 'sha256', 'sha512'];

async function bootRamdisk(ctx: NodeContext): Promise<'wait'> {
  const { power } = driverOf(ctx);
  const timeout = ctx.config.conductor.power_state_change_timeout;
  // A running machine must restart to pick up PXE; a stopped one just powers on.
  if ((await power.getPowerState(ctx)) === 'power on') await power.reboot(ctx, false, timeout);
  else await power.setPowerState(ctx, 'power on', timeout);
  return 'wait';
}

export class DirectDeploy implements DeployInterface {
  readonly properties = {};

  async validate(ctx: NodeContext): Promise<void> {
    const info = ctx.node.instance_info;
    const node = ctx.node.uuid;
    const source = info.image_source;
    if (typeof source !== 'string' || source.trim() === '') {
      throw new InvalidParameterValue(`Node ${node} has no instance_info/image_source: set it to an http(s) URL of the image or a file under the boot root.`);
    }
    const algo = info.image_os_hash_algo;
    if (algo !== undefined && !HASH_ALGOS.includes(String(algo))) {
      throw new InvalidParameterValue(`Node ${node}: instance_info/image_os_hash_algo "${algo}" is not supported (use ${HASH_ALGOS.join(', ')}).`);
    }
    const format = info.image_disk_format;
    if (format !== undefined && format !== 'raw' && format !== 'qcow2') {
      throw new InvalidParameterValue(`Node ${node}: instance_info/image_disk_format "${format}" is not supported (use raw or qcow2).`);
    }
  }

  deploy(ctx: NodeContext): Promise<'wait'> {
    return bootRamdisk(ctx);
  }

  async tearDown(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).power.setPowerState(ctx, 'power off', ctx.config.conductor.power_state_change_timeout);
  }

  /** Cleaning runs in the agent too: boot it and wait for its call-back. */
  clean(ctx: NodeContext): Promise<'wait'> {
    return bootRamdisk(ctx);
  }
}
