// Boot device and NMI through IPMI's chassis commands (an IpmiClient, native or ipmitool).
import { targetBootMode } from '../../boot/boot-mode.js';
import { InvalidParameterValue } from '../../errors.js';
import type { BootDevice, BootMode, ManagementInterface } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';
import type { IpmiBootDevice, IpmiClient } from './ipmi-client.js';

// `safe` exists in IPMI, but many BMCs (ipmi_sim among them) refuse it, so it is not offered.
const SUPPORTED = ['pxe', 'disk', 'cdrom', 'bios'] as const satisfies readonly IpmiBootDevice[];
const isSupported = (device: BootDevice): device is IpmiBootDevice => (SUPPORTED as readonly BootDevice[]).includes(device);

export class IpmitoolManagement implements ManagementInterface {
  readonly properties = IPMI_PROPERTIES;

  constructor(private readonly ipmi: IpmiClient) {}

  async validate(ctx: NodeContext): Promise<void> {
    parseDriverInfo(ctx.node.driver_info);
  }

  supportedBootDevices(): BootDevice[] {
    return [...SUPPORTED];
  }

  // IPMI has no boot mode setting of its own: the EFI flag travels with every boot device
  // request, so the node's target boot mode decides it unless the caller says otherwise.
  async setBootDevice(
    ctx: NodeContext,
    device: BootDevice,
    persistent: boolean,
    efiboot = targetBootMode(ctx.node) === 'uefi',
  ): Promise<void> {
    if (!isSupported(device)) {
      throw new InvalidParameterValue(
        `Boot device "${device}" is not supported by the ipmitool management interface; ` + `use one of ${SUPPORTED.join(', ')}.`,
      );
    }
    await this.ipmi.setBootDevice(parseDriverInfo(ctx.node.driver_info), device, { persistent, efi: efiboot }, ctx);
  }

  async getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    const { boot_device, persistent } = await this.ipmi.getBootDevice(parseDriverInfo(ctx.node.driver_info), ctx);
    return { boot_device, persistent };
  }

  /**
   * IPMI cannot switch the firmware's mode by itself: the mode is recorded on the node (the
   * conductor saves boot_mode), and the next boot-device setting carries its EFI flag. Re-sending
   * the current device here would guess at a device the BMC may not report faithfully.
   */
  async setBootMode(ctx: NodeContext, mode: BootMode): Promise<string> {
    const effective = targetBootMode({ ...ctx.node, boot_mode: mode });
    return (
      `IPMI has no boot mode command: ${mode} applies at the node's next boot-device change (efiboot flag)` +
      (effective !== mode ? `, but the node's boot_mode capability or instance_info/deploy_boot_mode asks for ${effective} and wins.` : '.')
    );
  }

  /** The mode recorded on the node, which the next boot-device setting will carry. */
  async getBootMode(ctx: NodeContext): Promise<BootMode | null> {
    return ctx.node.boot_mode === 'uefi' || ctx.node.boot_mode === 'bios' ? ctx.node.boot_mode : null;
  }

  async injectNmi(ctx: NodeContext): Promise<void> {
    await this.ipmi.chassisControl(parseDriverInfo(ctx.node.driver_info), 'diag', ctx);
  }
}
