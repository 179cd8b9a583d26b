// A test-only power interface whose BMC can be told to fail or to report a given state. It
// stands in for a BMC misbehaving on cue, which a real simulator cannot do deterministically;
// the ipmitool tests cover the same behaviour against ipmi_sim.
import { HardwareError } from '../../../core/errors.js';
import type { PowerInterface, PowerState, PowerTarget } from '../../../core/drivers/interfaces/power.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { FAKE_HARDWARE, type HardwareType } from '../../../core/drivers/hardware-types.js';

export class ControllablePower implements PowerInterface {
  readonly properties = {};
  failing = false;
  real: PowerState = 'power off';
  readonly calls: string[] = [];

  async validate(): Promise<void> {}
  async getPowerState(_ctx: NodeContext): Promise<PowerState> {
    this.calls.push('get');
    if (this.failing) throw new HardwareError('BMC did not answer (simulated)');
    return this.real;
  }
  async setPowerState(_ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off'): Promise<void> {
    this.calls.push(`set ${target}`);
    if (this.failing) throw new HardwareError('BMC did not answer (simulated)');
    this.real = target === 'power on' ? 'power on' : 'power off';
  }
  async reboot(): Promise<void> {
    if (this.failing) throw new HardwareError('BMC did not answer (simulated)');
    this.real = 'power on';
  }
  supportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off', 'rebooting'];
  }
}

export const CONTROLLABLE_HARDWARE: HardwareType = {
  name: 'controllable-hardware',
  interfaces: { ...FAKE_HARDWARE.interfaces, power: ['controllable'] },
};
