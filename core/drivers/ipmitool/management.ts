// Boot device and NMI through ipmitool's chassis commands.
import { InvalidParameterValue } from '../../errors.js';
import type { BootDevice, BootMode, ManagementInterface } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';
import { parseBootParam } from './parse.js';
import type { IpmitoolRunner } from './runner.js';

// `safe` exists in IPMI, but many BMCs (ipmi_sim among them) refuse it, so it is not offered.
const SUPPORTED = ['pxe', 'disk', 'cdrom', 'bios'] as const satisfies readonly BootDevice[];
type IpmiBootDevice = (typeof SUPPORTED)[number];
const isSupported = (device: BootDevice): device is IpmiBootDevice => (SUPPORTED as readonly BootDevice[]).includes(device);

export class IpmitoolManagement implements ManagementInterface {
  readonly properties = IPMI_PROPERTIES;

  constructor(private readonly runner: IpmitoolRunner) {}

  async validate(ctx: NodeContext): Promise<void> {
    parseDriverInfo(ctx.node.driver_info);
  }

  supportedBootDevices(): BootDevice[] {
    return [...SUPPORTED];
  }

  // IPMI has no boot mode setting of its own: the EFI flag travels with every boot device
  // request, so the node's recorded boot_mode decides it unless the caller says otherwise.
  async setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean, efiboot = ctx.node.boot_mode === 'uefi'): Promise<void> {
    if (!isSupported(device)) {
      throw new InvalidParameterValue(
        `Boot device "${device}" is not supported by the ipmitool management interface; ` + `use one of ${SUPPORTED.join(', ')}.`,
      );
    }
    const t = parseDriverInfo(ctx.node.driver_info);
    const options = [persistent ? 'persistent' : '', efiboot ? 'efiboot' : ''].filter(Boolean);
    const extra = options.length ? [`options=${options.join(',')}`] : [];
    await this.runner.run(t, ['chassis', 'bootdev', device, ...extra], ctx);
  }

  async getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    const out = await this.runner.run(parseDriverInfo(ctx.node.driver_info), ['chassis', 'bootparam', 'get', '5'], ctx);
    const { boot_device, persistent } = parseBootParam(out);
    return { boot_device, persistent };
  }

  /** Re-sends the current boot device (PXE when none is set) with the EFI flag of `mode`. */
  async setBootMode(ctx: NodeContext, mode: BootMode): Promise<void> {
    const current = await this.getBootDevice(ctx);
    const device = current.boot_device && isSupported(current.boot_device) ? current.boot_device : 'pxe';
    await this.setBootDevice(ctx, device, current.persistent ?? false, mode === 'uefi');
  }

  async injectNmi(ctx: NodeContext): Promise<void> {
    await this.runner.run(parseDriverInfo(ctx.node.driver_info), ['chassis', 'power', 'diag'], ctx);
  }
}
