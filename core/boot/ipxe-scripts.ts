// iPXE scripts, as pure functions of what a machine should boot. The per-MAC script is computed
// from the node's state on every request, so there is no per-node file to forget to reset.

import type { BootMode } from './boot-mode.js';

/** A comment line (iPXE and GRUB alike); a label with a line break in it must not start a second, live line. */
export const comment = (text: string): string => `# Tyr: ${text.replace(/[\x00-\x1f\x7f]+/g, ' ')}`;

export interface RamdiskBoot {
  kernelUrl: string;
  ramdiskUrl: string;
  /** Kernel command line: where the agent finds the API, who it is, console settings. */
  kernelArgs: string;
}

/** The entry script every iPXE client fetches first: it chains to its own per-MAC script. */
export function entryScript(bootBaseUrl: string): string {
  return [
    '#!ipxe',
    "# Tyr: fetch the script for this machine's MAC; Tyr picks it from the node's state.",
    `chain ${bootBaseUrl}/boot/\${net0/mac}.ipxe || goto failed`,
    ':failed',
    'echo Tyr boot script could not be fetched; booting from local disk in 10 seconds',
    'sleep 10',
    'exit',
    '',
  ].join('\n');
}

/** Scale-out: the machine's node belongs to another conductor, whose boot server answers for it. */
export function chainScript(label: string, scriptUrl: string): string {
  return [
    '#!ipxe',
    comment(label),
    `chain ${scriptUrl} || goto failed`,
    ':failed',
    "echo Tyr boot script could not be fetched from the node's conductor; booting from local disk in 10 seconds",
    'sleep 10',
    'exit',
    '',
  ].join('\n');
}

export function ramdiskScript(label: string, boot: RamdiskBoot): string {
  return [
    '#!ipxe',
    comment(label),
    ':retry_kernel',
    `kernel ${boot.kernelUrl} ${boot.kernelArgs} initrd=ramdisk || goto retry_kernel_wait`,
    ':retry_initrd',
    `initrd --name ramdisk ${boot.ramdiskUrl} || goto retry_initrd_wait`,
    'boot',
    ':retry_kernel_wait',
    'sleep 5',
    'goto retry_kernel',
    ':retry_initrd_wait',
    'sleep 5',
    'goto retry_initrd',
    '',
  ].join('\n');
}

/**
 * Hand the machine back to its firmware's next boot device, i.e. the local disk. Under UEFI that is
 * `exit` (the firmware moves on to its next boot option); `sanboot 0x80` is a BIOS disk call. With
 * no mode (a MAC no node owns), iPXE's own ${platform} tells which firmware it runs on.
 */
export function localBootScript(reason: string, mode?: BootMode): string {
  const bios = 'sanboot --no-describe --drive 0x80 || exit';
  const leave =
    mode === 'uefi' ? ['exit'] : mode === 'bios' ? [bios] : ['iseq ${platform} efi && goto uefi_exit ||', bios, ':uefi_exit', 'exit'];
  return ['#!ipxe', comment(reason), 'echo Tyr: booting from local disk', ...leave, ''].join('\n');
}
