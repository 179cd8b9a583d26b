// The `agent` inspect interface: the machine PXE boots the ramdisk (the boot script serves it in
// the inspect states), the agent sends its inventory (first heartbeat, or POST
// /v1/continue_inspection) and the conductor records it (conductor/inspection/finish.ts), then
// calls finishInspection here: ramdisk boot undone, machine powered off.
import type { InspectInterface } from '../interfaces/inspect.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';

export class AgentInspect implements InspectInterface {
  readonly properties = {};

  async validate(ctx: NodeContext): Promise<void> {
    const { power, boot } = driverOf(ctx);
    await power.validate(ctx);
    await boot.validate(ctx);
  }

  async inspect(ctx: NodeContext): Promise<{ result: 'wait' }> {
    const { power, boot } = driverOf(ctx);
    await this.validate(ctx);
    await boot.prepareRamdisk(ctx, 'inspect');
    const timeout = ctx.config.conductor.power_state_change_timeout;
    if ((await power.getPowerState(ctx)) === 'power on') await power.reboot(ctx, false, timeout);
    else await power.setPowerState(ctx, 'power on', timeout);
    return { result: 'wait' };
  }

  async finishInspection(ctx: NodeContext): Promise<void> {
    const { power, boot } = driverOf(ctx);
    await boot.cleanUpRamdisk(ctx);
    await power.setPowerState(ctx, 'power off', ctx.config.conductor.power_state_change_timeout);
  }

  async abort(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).boot.cleanUpRamdisk(ctx);
  }
}
