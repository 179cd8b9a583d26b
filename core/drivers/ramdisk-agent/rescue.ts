// The `agent` rescue interface: an active node reboots into the ramdisk in rescue mode (the boot
// script serves tyr-mode=rescue in the rescue states); on its first heartbeat the conductor calls
// finishRescue, which hands the agent the rescue user's password as a SHA-512 crypt hash
// (rescue.finalize_rescue); the agent then stops and the serial console offers a login.
// unrescue boots the instance from disk again.
import { InvalidParameterValue } from '../../errors.js';
import { RESCUE_HASH_KEY, type RescueInterface } from '../interfaces/rescue.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';
import { agentDialect } from './dialect.js';

async function restart(ctx: NodeContext): Promise<void> {
  const { power } = driverOf(ctx);
  const timeout = ctx.config.conductor.power_state_change_timeout;
  if ((await power.getPowerState(ctx)) === 'power on') await power.reboot(ctx, false, timeout);
  else await power.setPowerState(ctx, 'power on', timeout);
}

export class AgentRescue implements RescueInterface {
  readonly properties = {};

  async validate(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).boot.validate(ctx);
  }

  /** The password was hashed and stored by the conductor; only the ramdisk boot happens here. */
  async rescue(ctx: NodeContext): Promise<'wait'> {
    await driverOf(ctx).boot.prepareRamdisk(ctx, 'rescue');
    await restart(ctx);
    return 'wait';
  }

  async finishRescue(ctx: NodeContext): Promise<void> {
    const hash = ctx.node.driver_internal_info[RESCUE_HASH_KEY];
    if (typeof hash !== 'string' || !hash.startsWith('$6$')) {
      throw new InvalidParameterValue(`Node ${ctx.node.uuid} has no hashed rescue password; rescue it again with a rescue_password.`);
    }
    // The agent replies, then stops itself: a dropped connection after the request is success.
    await agentDialect(ctx).finalizeRescue(ctx, hash);
  }

  async unrescue(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).boot.prepareInstance(ctx);
    await restart(ctx);
  }

  async cleanUp(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).boot.cleanUpRamdisk(ctx);
  }
}
