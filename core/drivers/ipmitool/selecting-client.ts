// `[ipmi] client = native`: the in-process client for the targets it speaks, ipmitool for the
// rest (IPMI 1.5 `lan`, bridging, cipher suites other than 3 and 17). Both clients run their
// calls on the service's one BmcQueue, so a BMC never sees the two overlap. Each BMC's fallback
// is logged once, with the reason, so an operator can see why a node still spawns ipmitool.
import type { PowerState } from '../interfaces/power.js';
import { bmcKey, type IpmiTarget } from './driver-info.js';
import type { BootFlags, ChassisControl, DeviceId, IpmiBootDevice, IpmiCallOptions, IpmiClient, RawResponse } from './ipmi-client.js';

/** Why `target` needs ipmitool, or undefined when the native client speaks it. */
export type FallbackReason = (target: IpmiTarget) => string | undefined;

export class SelectingIpmiClient implements IpmiClient {
  readonly kind = 'native' as const;

  constructor(
    private readonly native: IpmiClient,
    private readonly fallback: IpmiClient,
    private readonly fallbackReason: FallbackReason,
    /** BMCs whose fallback was logged, shared by the service's interfaces; bounded by the fleet. */
    private readonly announced = new Set<string>(),
  ) {}

  private pick(target: IpmiTarget, opts: IpmiCallOptions): IpmiClient {
    const reason = this.fallbackReason(target);
    if (reason === undefined) return this.native;
    const bmc = bmcKey(target);
    if (!this.announced.has(bmc)) {
      this.announced.add(bmc);
      opts.log.info({ bmc, reason }, `BMC ${bmc} is driven through ipmitool, not the native IPMI client: ${reason}`);
    }
    return this.fallback;
  }

  powerStatus(target: IpmiTarget, opts: IpmiCallOptions): Promise<PowerState> {
    return this.pick(target, opts).powerStatus(target, opts);
  }

  chassisControl(target: IpmiTarget, action: ChassisControl, opts: IpmiCallOptions): Promise<void> {
    return this.pick(target, opts).chassisControl(target, action, opts);
  }

  setBootDevice(
    target: IpmiTarget,
    device: IpmiBootDevice,
    flags: { persistent: boolean; efi: boolean },
    opts: IpmiCallOptions,
  ): Promise<void> {
    return this.pick(target, opts).setBootDevice(target, device, flags, opts);
  }

  getBootDevice(target: IpmiTarget, opts: IpmiCallOptions): Promise<BootFlags> {
    return this.pick(target, opts).getBootDevice(target, opts);
  }

  deviceId(target: IpmiTarget, opts: IpmiCallOptions): Promise<DeviceId> {
    return this.pick(target, opts).deviceId(target, opts);
  }

  raw(target: IpmiTarget, netfn: number, command: number, data: readonly number[], opts: IpmiCallOptions): Promise<RawResponse> {
    return this.pick(target, opts).raw(target, netfn, command, data, opts);
  }

  bmcReset(target: IpmiTarget, kind: 'warm' | 'cold', opts: IpmiCallOptions): Promise<void> {
    return this.pick(target, opts).bmcReset(target, kind, opts);
  }

  // The native client's sessions are the service's (IpmitoolResources closes them at shutdown),
  // shared with the other interfaces' selecting clients.
  async close(): Promise<void> {
    await this.fallback.close();
  }
}
