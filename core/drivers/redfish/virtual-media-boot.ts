// The `redfish-virtual-media` boot interface (Ironic's name): the ramdisk boots from an ISO the
// BMC fetches over HTTP and presents as a CD, so the machine needs no PXE and, with the node's
// network_data packed into the ISO (core/boot/vmedia/), no DHCP either. Preparing the ramdisk
// builds the node's ISO, inserts it on the BMC's CD/DVD virtual media and sets a one-time boot
// from CD; the instance boots from disk (persistent) with the CD ejected.
import { prebuiltIsoUrl, prepareNodeIso, removeNodeIsos, nodeNetworkData } from '../../boot/vmedia/node-iso.js';
import { targetBootMode } from '../../boot/boot-mode.js';
import { bootIsoTools, type BootIsoTools } from '../../boot/vmedia/boot-iso.js';
import { missingEfiLoaders } from '../../boot/vmedia/efi-boot-image.js';
import { ramdiskReference } from '../../boot/ramdisk-choice.js';
import { InvalidParameterValue } from '../../errors.js';
import type { BootInterface } from '../interfaces/boot.js';
import { driverOf, type NodeContext } from '../interfaces/task.js';
import type { RedfishSystems } from './connection.js';
import { ejectCd, findCdDevice, insertCd } from './virtual-media.js';

type Purpose = Parameters<BootInterface['prepareRamdisk']>[1];

export class RedfishVirtualMediaBoot implements BootInterface {
  readonly properties = {
    deploy_kernel: {
      description:
        'Deploy kernel packed into the virtual-media ISO: a file under the boot root, or an http(s) URL. Default: boot.deploy_kernel.',
      required: false,
    },
    deploy_ramdisk: {
      description:
        'Deploy ramdisk (the agent) packed into the ISO: a file under the boot root, or an http(s) URL. Default: boot.deploy_ramdisk.',
      required: false,
    },
    deploy_iso: {
      description:
        'A prebuilt bootable ISO to insert instead of building one (URL, or a file under the boot root); network_data is then not added.',
      required: false,
    },
    rescue_kernel: { description: 'Rescue kernel; defaults to the deploy kernel.', required: false },
    rescue_ramdisk: { description: 'Rescue ramdisk; defaults to the deploy ramdisk.', required: false },
    rescue_iso: { description: 'A prebuilt rescue ISO; defaults to deploy_iso.', required: false },
    kernel_append_params: { description: 'Extra kernel arguments for the ramdisk, added to the ISO’s command line.', required: false },
  };

  constructor(
    private readonly systems: RedfishSystems,
    private readonly tools?: BootIsoTools,
  ) {}

  /** driver_info and network_data, without touching the BMC. */
  async validate(ctx: NodeContext): Promise<void> {
    const { node, config } = ctx;
    nodeNetworkData(node);
    if (prebuiltIsoUrl(config, node, 'deploy')) return;
    for (const what of ['kernel', 'ramdisk'] as const) {
      const ref = ramdiskReference('deploy', what, node, config);
      if (typeof ref.value !== 'string' || ref.value.trim() === '') {
        throw new InvalidParameterValue(
          `Node ${node.uuid} has no deploy_${what}: set driver_info/deploy_${what} (a file under the boot root or a URL), ` +
            `boot.deploy_${what} in the config, or driver_info/deploy_iso.`,
        );
      }
    }
    // A UEFI node's ISO needs Debian's signed shim and CD GRUB: say so before the BMC is touched.
    if (targetBootMode(node) === 'uefi') {
      const missing = await missingEfiLoaders(node.uuid, this.tools ?? bootIsoTools(config));
      if (missing) throw missing;
    }
  }

  async prepareRamdisk(ctx: NodeContext, purpose: Purpose): Promise<void> {
    const url =
      prebuiltIsoUrl(ctx.config, ctx.node, purpose) ??
      (await prepareNodeIso({ node: ctx.node, config: ctx.config, log: ctx.log, purpose, tools: this.tools })).url;
    const sys = await this.systems.forNode(ctx);
    const cd = await findCdDevice(sys, ctx.node.uuid);
    await insertCd(sys, cd, url);
    ctx.log.info({ image: url, device: cd.path, purpose }, 'virtual media: ramdisk ISO inserted');
    // Once: the reboot after the ramdisk's work must reach the disk without another override.
    // Some BMCs boot their virtual CD only through an OEM call (iDRAC), which the quirk makes.
    const viaOem = cd.managerPath ? await sys.quirks.bootFromVirtualCd?.(sys.conn, cd.managerPath, false) : false;
    if (!viaOem) await driverOf(ctx).management.setBootDevice(ctx, 'cdrom', false);
  }

  async cleanUpRamdisk(ctx: NodeContext): Promise<void> {
    await this.ejectAndDelete(ctx);
  }

  /** Also where an unrescue ends the rescue ramdisk: its ISO goes with the CD. */
  async prepareInstance(ctx: NodeContext): Promise<void> {
    await this.ejectAndDelete(ctx);
    await driverOf(ctx).management.setBootDevice(ctx, 'disk', true);
  }

  /** A tear-down may come straight from a ramdisk state (deploy wait, failure): the ISO goes too. */
  async cleanUpInstance(ctx: NodeContext): Promise<void> {
    await this.ejectAndDelete(ctx);
  }

  private async ejectAndDelete(ctx: NodeContext): Promise<void> {
    await this.eject(ctx);
    const removed = await removeNodeIsos(ctx.config, ctx.node);
    if (removed.length) ctx.log.info({ removed }, 'virtual media: node ISO deleted');
  }

  private async eject(ctx: NodeContext): Promise<void> {
    const sys = await this.systems.forNode(ctx);
    const cd = await findCdDevice(sys, ctx.node.uuid);
    if (await ejectCd(sys, cd)) ctx.log.info({ device: cd.path }, 'virtual media: ejected');
  }
}
