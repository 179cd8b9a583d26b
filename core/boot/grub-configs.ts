// GRUB configs for the Secure Boot chain (shim → grubx64.efi → signed kernel), rendered from the
// same BootPlan as the iPXE scripts, so both chains boot the same ramdisk with the same kernel
// command line, and refuse the same unsafe references (boot-refs.ts: no word can carry a quote,
// "$", ";" or a line break into GRUB's script language either).
//
// Debian's grubnetx64.efi.signed reads `<prefix>/grub.cfg` from the TFTP server it came from
// (prefix "/grub"; it asks for no per-MAC name), and it has no http module, which Secure Boot would
// not let it load anyway. So Tyr's TFTP server answers grub/grub.cfg with the entry config below,
// which loads grub/<mac>.cfg, and GRUB fetches the kernel and ramdisk from files/<ref> over the
// same TFTP (docs/lab.md). An http(s) kernel URL therefore cannot be booted by GRUB.
import type { BootPlan } from './boot-plan.js';
import { comment } from './ipxe-scripts.js';

/** Where the TFTP server answers the per-MAC config and the boot root's files (tftp-server.ts). */
export const GRUB_DIR = 'grub';
export const FILES_DIR = 'files';
/** A per-MAC config name as GRUB's ${net_default_mac} spells it: lower case, colons. */
export const GRUB_MAC_CONFIG = /^grub\/((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\.cfg$/;

/** grub/grub.cfg: every machine gets this first; it loads the config for its own MAC. */
export function grubEntryConfig(): string {
  return [
    comment("load the config for this machine's MAC; Tyr picks it from the node's state."),
    'set timeout=0',
    'configfile $prefix/${net_default_mac}.cfg',
    'echo Tyr GRUB config could not be fetched; booting from local disk in 10 seconds',
    'sleep 10',
    'exit',
    '',
  ].join('\n');
}

/** Back to the firmware's next boot option (the disk): the chain only runs under UEFI. */
export function grubLocalConfig(reason: string): string {
  return [comment(reason), 'echo Tyr: booting from local disk', 'exit', ''].join('\n');
}

function grubRamdiskConfig(label: string, kernel: string, ramdisk: string, kernelArgs: string): string {
  return [
    comment(label),
    'set timeout=0',
    `linux /${FILES_DIR}/${kernel} ${kernelArgs}`,
    `initrd /${FILES_DIR}/${ramdisk}`,
    'boot',
    // Only reached when a fetch failed: wait and load this config again, like the iPXE retry.
    'echo Tyr: kernel or ramdisk could not be fetched; retrying in 5 seconds',
    'sleep 5',
    'configfile $prefix/${net_default_mac}.cfg',
    '',
  ].join('\n');
}

/** The per-MAC GRUB config for a plan, and why it boots the disk instead of the plan's ramdisk, if it must. */
export function grubConfigFor(plan: BootPlan): { text: string; problem?: string } {
  if (plan.type === 'local') return { text: grubLocalConfig(plan.reason) };
  if (plan.type === 'chain') {
    const problem = `node ${plan.node.uuid} is served by the conductor at ${plan.owner}: the Secure Boot chain cannot be handed over, so that conductor's TFTP server must answer this machine`;
    return { text: grubLocalConfig(problem), problem };
  }
  const urls = [plan.kernel, plan.ramdisk].filter((ref) => /^https?:/.test(ref));
  if (urls.length) {
    const problem = `node ${plan.node?.uuid ?? '(discovery)'}: Secure Boot GRUB loads the kernel and ramdisk over TFTP from the boot root, but ${urls.join(' and ')} is a URL: set deploy_kernel/deploy_ramdisk to files under the boot root`;
    return { text: grubLocalConfig(problem), problem };
  }
  const strip = (ref: string) => ref.replace(/^\/+/, '');
  return { text: grubRamdiskConfig(`${plan.kind} ramdisk (${plan.reason})`, strip(plan.kernel), strip(plan.ramdisk), plan.kernelArgs) };
}
