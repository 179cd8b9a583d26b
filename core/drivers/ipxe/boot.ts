// iPXE network boot. The per-MAC iPXE script is computed from the node's state on every request
// (core/boot/http-boot.ts), so preparing the ramdisk is only a matter of making the machine PXE
// boot, and preparing the instance of making it boot from disk. Both settings are persistent, so
// a reboot in the middle of either keeps the intended device.
import type { BootNetwork } from '../../boot/boot-network.js';
import { InvalidParameterValue } from '../../errors.js';
import type { BootInterface } from '../interfaces/boot.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';

export class IpxeBoot implements BootInterface {
  /** `network`: the boot servers of this process (none in unit tests and API-only processes). */
  constructor(private readonly network?: BootNetwork) {}

  readonly properties = {
    deploy_kernel: {
      description: 'Deploy kernel: a file under the boot root, or an http(s) URL. Default: boot.deploy_kernel.',
      required: false,
    },
    deploy_ramdisk: {
      description: 'Deploy ramdisk (the agent): a file under the boot root, or an http(s) URL. Default: boot.deploy_ramdisk.',
      required: false,
    },
    rescue_kernel: { description: 'Rescue kernel; defaults to the deploy kernel.', required: false },
    rescue_ramdisk: { description: 'Rescue ramdisk; defaults to the deploy ramdisk.', required: false },
  };

  async validate(ctx: NodeContext): Promise<void> {
    const info = ctx.node.driver_info;
    const kernel = info.deploy_kernel ?? ctx.config.boot.deploy_kernel;
    const ramdisk = info.deploy_ramdisk ?? ctx.config.boot.deploy_ramdisk;
    for (const [name, value] of [
      ['deploy_kernel', kernel],
      ['deploy_ramdisk', ramdisk],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidParameterValue(
          `Node ${ctx.node.uuid} has no ${name}: set driver_info/${name} (a file under the boot root or a URL), or boot.${name} in the config.`,
        );
      }
    }
  }

  async prepareRamdisk(ctx: NodeContext): Promise<void> {
    // A stale DHCP answer is not fatal here: the periodic resync catches up, so only log it.
    await this.network
      ?.nodeWillNetworkBoot(ctx.node)
      .catch((err: unknown) => ctx.log.warn({ err }, `could not bring DHCP up to date for node ${ctx.node.uuid} before its network boot`));
    await driverOf(ctx).management.setBootDevice(ctx, 'pxe', true);
  }

  async cleanUpRamdisk(): Promise<void> {
    // Nothing to remove: the boot script follows the node's state.
  }

  async prepareInstance(ctx: NodeContext): Promise<void> {
    await driverOf(ctx).management.setBootDevice(ctx, 'disk', true);
  }

  async cleanUpInstance(): Promise<void> {
    // Nothing to remove: the boot script follows the node's state.
  }
}
