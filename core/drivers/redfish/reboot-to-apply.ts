// Settings a BMC stages for the next reset (BIOS attributes, a factory reset) take effect only
// when the machine boots: reboot it through the node's power interface (a machine that is off is
// powered on), and afterwards put it back in the power state it had, so applying a setting to a
// machine at rest leaves it at rest.
import type { PowerState } from '../interfaces/power.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';

/**
 * Whether a ramdisk is up for this operation (a manual clean without "disable_ramdisk" runs the
 * steps once the agent called back): a reboot would restart it under the conductor's feet, so
 * staged settings are left for the next boot instead.
 */
export function ramdiskRunning(ctx: NodeContext): boolean {
  const url = ctx.node.driver_internal_info.agent_url;
  return typeof url === 'string' && url !== '';
}

export async function rebootToApply(ctx: NodeContext, why: string): Promise<PowerState | null> {
  const { power } = driverOf(ctx);
  const timeout = ctx.config.conductor.power_state_change_timeout;
  const before = await power.getPowerState(ctx);
  ctx.log.info({ power_state: before }, `rebooting so that ${why} takes effect`);
  if (before === 'power on') await power.reboot(ctx, false, timeout);
  else await power.setPowerState(ctx, 'power on', timeout);
  return before;
}

export async function restorePower(ctx: NodeContext, before: PowerState | null): Promise<void> {
  if (before !== 'power off') return;
  await driverOf(ctx).power.setPowerState(ctx, 'power off', ctx.config.conductor.power_state_change_timeout);
}
