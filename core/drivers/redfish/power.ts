// Power through Redfish: the state from ComputerSystem.PowerState, changes through
// ComputerSystem.Reset with the ResetTypes the BMC advertises, each change followed by reading
// the state until it is the target or the timeout passes.
import type { Config } from '../../config.js';
import { HardwareError, InvalidParameterValue } from '../../errors.js';
import type { PowerInterface, PowerState, PowerTarget } from '../interfaces/power.js';
import type { NodeContext } from '../interfaces/task.js';
import { pollPowerState } from '../power-wait.js';
import type { RedfishSystem, RedfishSystems } from './connection.js';
import { parseRedfishDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';
import { allowedResetTypes, pickResetType, reset, type ResetType } from './reset.js';

/** PowerState → Ironic's: a machine powering on counts as on, as Ironic's redfish driver has it. */
export function powerStateOf(system: Record<string, unknown>): PowerState {
  switch (system.PowerState) {
    case 'On':
    case 'PoweringOn':
      return 'power on';
    case 'Off':
    case 'PoweringOff':
      return 'power off';
    default:
      return 'error';
  }
}

type Change = 'power on' | 'power off' | 'soft power off' | 'rebooting' | 'soft rebooting';

/** ResetTypes for each change, best first (fallbacks for BMCs that lack the first). */
const RESET_TYPES: Record<Change, readonly ResetType[]> = {
  'power on': ['On', 'ForceOn'],
  'power off': ['ForceOff'],
  'soft power off': ['GracefulShutdown'],
  rebooting: ['ForceRestart', 'PowerCycle'],
  'soft rebooting': ['GracefulRestart'],
};

export class RedfishPower implements PowerInterface {
  readonly properties = REDFISH_PROPERTIES;

  constructor(
    private readonly config: Config,
    private readonly systems: RedfishSystems,
  ) {}

  async validate(ctx: NodeContext): Promise<void> {
    parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
  }

  async getPowerState(ctx: NodeContext): Promise<PowerState> {
    return powerStateOf((await this.systems.forNode(ctx)).system);
  }

  async setPowerState(ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off', timeoutSeconds?: number): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const want: PowerState = target === 'power on' ? 'power on' : 'power off';
    if (powerStateOf(sys.system) === want) return;
    const type = pickResetType(await allowedResetTypes(sys), RESET_TYPES[target]);
    if (!type) throw this.unsupported(ctx, target);
    const deadline = this.deadline(timeoutSeconds);
    await reset(sys, type);
    await this.waitFor(ctx, sys, want, deadline, target);
  }

  async reboot(ctx: NodeContext, soft: boolean, timeoutSeconds?: number): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const deadline = this.deadline(timeoutSeconds);
    const allowed = await allowedResetTypes(sys);
    // Off: a reboot is a power on, as in Ironic.
    if (powerStateOf(sys.system) !== 'power on') {
      const on = pickResetType(allowed, RESET_TYPES['power on']);
      if (!on) throw this.unsupported(ctx, 'power on');
      await reset(sys, on);
      return this.waitFor(ctx, sys, 'power on', deadline, 'power on');
    }
    const change: Change = soft ? 'soft rebooting' : 'rebooting';
    const type = pickResetType(allowed, RESET_TYPES[change]);
    if (type) {
      await reset(sys, type);
      return this.waitFor(ctx, sys, 'power on', deadline, change);
    }
    // No restart type: off (soft or hard) and on again.
    ctx.log.info({ allowed }, `the BMC offers no ResetType for ${change}; powering off and on`);
    await this.setPowerState(ctx, soft ? 'soft power off' : 'power off', timeoutSeconds);
    await this.setPowerState(ctx, 'power on', timeoutSeconds);
  }

  supportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off', 'rebooting', 'soft power off', 'soft rebooting'];
  }

  private deadline(timeoutSeconds?: number): { at: number; seconds: number } {
    const seconds = timeoutSeconds ?? this.config.conductor.power_state_change_timeout;
    return { at: Date.now() + seconds * 1000, seconds };
  }

  private unsupported(ctx: NodeContext, change: string): InvalidParameterValue {
    return new InvalidParameterValue(`Node ${ctx.node.uuid}: its Redfish BMC offers no ResetType for "${change}".`);
  }

  private async waitFor(
    ctx: NodeContext,
    sys: RedfishSystem,
    want: PowerState,
    deadline: { at: number; seconds: number },
    change: string,
  ): Promise<void> {
    const read = async () => powerStateOf(await sys.conn.get(sys.systemPath));
    const last = await pollPowerState(read, want, deadline.at, this.config.redfish.power_poll_interval_ms, ctx.signal);
    if (last === want) return;
    throw new HardwareError(
      `Node ${ctx.node.uuid} did not reach "${change}" within ${deadline.seconds} s (its Redfish BMC reports "${last}").`,
    );
  }
}
