// Fake power: remembers each node's power state in memory and switches it instantly (after the
// configured fake delay). Also serves manual-management, where a person flips the switch.
import type { PowerInterface, PowerState, PowerTarget } from '../interfaces/power.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

export class FakePower implements PowerInterface {
  readonly properties = NO_PROPERTIES;
  private readonly states = new Map<string, PowerState>();

  async validate(): Promise<void> {}

  /** Until something switches it, a fake node's power state is whatever is recorded, null at first, as Ironic's fake. */
  async getPowerState(ctx: NodeContext): Promise<PowerState | null> {
    return this.states.get(ctx.node.uuid) ?? (ctx.node.power_state as PowerState | null);
  }

  async setPowerState(ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off'): Promise<void> {
    await fakeDelay(ctx);
    this.states.set(ctx.node.uuid, target === 'power on' ? 'power on' : 'power off');
  }

  async reboot(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
    this.states.set(ctx.node.uuid, 'power on');
  }

  supportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off', 'rebooting', 'soft power off', 'soft rebooting'];
  }
}
