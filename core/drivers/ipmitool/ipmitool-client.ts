// IpmiClient over an ipmitool child per call (IpmitoolRunner): the `[ipmi] client = ipmitool`
// choice, and the fallback of the native client for targets it does not speak (IPMI 1.5 `lan`,
// bridging, cipher suites other than 3 and 17).
import type { PowerState } from '../interfaces/power.js';
import { getDeviceId } from '../../ipmi/commands/device-id.js';
import type { IpmiTarget } from './driver-info.js';
import type { BootFlags, ChassisControl, DeviceId, IpmiBootDevice, IpmiCallOptions, IpmiClient, RawResponse } from './ipmi-client.js';
import { parseBootParam, parsePowerStatus, parseRawHex } from './parse.js';
import type { IpmitoolRunner } from './runner.js';

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

export class IpmitoolClient implements IpmiClient {
  readonly kind = 'ipmitool' as const;

  constructor(private readonly runner: IpmitoolRunner) {}

  async powerStatus(target: IpmiTarget, opts: IpmiCallOptions): Promise<PowerState> {
    return parsePowerStatus(await this.runner.run(target, ['power', 'status'], opts));
  }

  async chassisControl(target: IpmiTarget, action: ChassisControl, opts: IpmiCallOptions): Promise<void> {
    await this.runner.run(target, ['chassis', 'power', action], opts);
  }

  async setBootDevice(
    target: IpmiTarget,
    device: IpmiBootDevice,
    flags: { persistent: boolean; efi: boolean },
    opts: IpmiCallOptions,
  ): Promise<void> {
    const options = [flags.persistent ? 'persistent' : '', flags.efi ? 'efiboot' : ''].filter(Boolean);
    const extra = options.length ? [`options=${options.join(',')}`] : [];
    await this.runner.run(target, ['chassis', 'bootdev', device, ...extra], opts);
  }

  async getBootDevice(target: IpmiTarget, opts: IpmiCallOptions): Promise<BootFlags> {
    return parseBootParam(await this.runner.run(target, ['chassis', 'bootparam', 'get', '5'], opts));
  }

  async deviceId(target: IpmiTarget, opts: IpmiCallOptions): Promise<DeviceId> {
    // The native client's decoding of the answer, so both clients agree byte for byte.
    const { netfn, command, data } = getDeviceId.request;
    return getDeviceId.parse((await this.raw(target, netfn, command, [...data], opts)).data);
  }

  // ipmitool exits non-zero on a non-zero completion code ("Unable to send RAW command …
  // rsp=0xc1"), which the runner turns into a HardwareError; stdout holds only the data bytes.
  async raw(target: IpmiTarget, netfn: number, command: number, data: readonly number[], opts: IpmiCallOptions): Promise<RawResponse> {
    const out = await this.runner.run(target, ['raw', hex(netfn), hex(command), ...data.map(hex)], opts);
    return { data: parseRawHex(out) };
  }

  async bmcReset(target: IpmiTarget, kind: 'warm' | 'cold', opts: IpmiCallOptions): Promise<void> {
    await this.runner.run(target, ['bmc', 'reset', kind], opts);
  }

  // Nothing stays open between calls: each child opens and closes its own session, and the
  // password files belong to IpmitoolResources.
  async close(): Promise<void> {}
}
