// Power over IPMI (through an IpmiClient, native or ipmitool): status, on, off, soft off and reboot, each change followed by polling
// until the BMC reports the target state or the timeout passes.
import type { Config } from '../../config.js';
import { HardwareError } from '../../errors.js';
import type { PowerInterface, PowerState, PowerTarget } from '../interfaces/power.js';
import type { NodeContext } from '../interfaces/task.js';
import { pollPowerState } from '../power-wait.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';
import type { ChassisControl, IpmiClient } from './ipmi-client.js';

/** Milliseconds between power status polls after a change (on top of the per-BMC interval). */
const POLL_INTERVAL_MS = 1000;

export class IpmitoolPower implements PowerInterface {
  readonly properties = IPMI_PROPERTIES;

  constructor(
    private readonly config: Config,
    private readonly ipmi: IpmiClient,
  ) {}

  async validate(ctx: NodeContext): Promise<void> {
    parseDriverInfo(ctx.node.driver_info);
  }

  async getPowerState(ctx: NodeContext): Promise<PowerState> {
    return this.ipmi.powerStatus(parseDriverInfo(ctx.node.driver_info), ctx);
  }

  async setPowerState(ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off', timeoutSeconds?: number): Promise<void> {
    const t = parseDriverInfo(ctx.node.driver_info);
    const verb: ChassisControl = target === 'power on' ? 'on' : target === 'power off' ? 'off' : 'soft';
    const want: PowerState = target === 'power on' ? 'power on' : 'power off';
    const timeoutMs = (timeoutSeconds ?? this.config.conductor.power_state_change_timeout) * 1000;
    const deadline = Date.now() + timeoutMs;
    await this.ipmi.chassisControl(t, verb, ctx);
    await this.waitFor(ctx, want, deadline, timeoutMs, target);
  }

  async reboot(ctx: NodeContext, soft: boolean, timeoutSeconds?: number): Promise<void> {
    // Off first and wait for it: a BMC that gets "on" while still going down may ignore it.
    const current = await this.getPowerState(ctx);
    if (current !== 'power off') await this.setPowerState(ctx, soft ? 'soft power off' : 'power off', timeoutSeconds);
    await this.setPowerState(ctx, 'power on', timeoutSeconds);
  }

  supportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off', 'rebooting', 'soft power off', 'soft rebooting'];
  }

  private async waitFor(ctx: NodeContext, want: PowerState, deadline: number, timeoutMs: number, target: string): Promise<void> {
    const last = await pollPowerState(() => this.getPowerState(ctx), want, deadline, POLL_INTERVAL_MS, ctx.signal);
    if (last === want) return;
    throw new HardwareError(
      `Node ${ctx.node.uuid} did not reach "${target}" within ${Math.round(timeoutMs / 1000)} s ` + `(BMC reports "${last}").`,
    );
  }
}
