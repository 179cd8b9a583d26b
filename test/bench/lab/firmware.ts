// The lab machines' firmware: SeaBIOS (QEMU's default, every test before #21) or OVMF from
// Debian's `ovmf` package, with or without Secure Boot. Each UEFI node gets its own copy of the
// variable store, made once when the node is first created and never overwritten, so boot entries
// the agent writes with efibootmgr survive the VM's restarts as they would in real NVRAM.
import fs from 'node:fs';
import path from 'node:path';

export const LAB_FIRMWARES = ['bios', 'uefi', 'uefi-secure'] as const;
export type LabFirmware = (typeof LAB_FIRMWARES)[number];

const OVMF_DIR = '/usr/share/OVMF';

/** The read-only code and the template variable store of a UEFI firmware. */
interface OvmfImages {
  code: string;
  varsTemplate: string;
}

const OVMF: Record<Exclude<LabFirmware, 'bios'>, OvmfImages> = {
  uefi: { code: `${OVMF_DIR}/OVMF_CODE_4M.fd`, varsTemplate: `${OVMF_DIR}/OVMF_VARS_4M.fd` },
  // The secboot build refuses to run without SMM; the .ms variable store has Microsoft's KEK
  // and db enrolled (and Secure Boot enabled), so Microsoft-signed shim is trusted.
  'uefi-secure': { code: `${OVMF_DIR}/OVMF_CODE_4M.secboot.fd`, varsTemplate: `${OVMF_DIR}/OVMF_VARS_4M.ms.fd` },
};

export function isLabFirmware(value: string): value is LabFirmware {
  return (LAB_FIRMWARES as readonly string[]).includes(value);
}

/** Ironic's boot_mode capability value for a node running this firmware. */
export function bootModeOf(firmware: LabFirmware): 'bios' | 'uefi' {
  return firmware === 'bios' ? 'bios' : 'uefi';
}

/**
 * The node's own variable store (in its node dir). One per firmware: a lab restarted over the same
 * dir with Secure Boot must not inherit a store without Microsoft's keys, nor the other way round.
 */
export function varsFile(nodeDir: string, firmware: Exclude<LabFirmware, 'bios'>): string {
  return path.join(nodeDir, `OVMF_VARS.${firmware}.fd`);
}

/**
 * qemu.conf lines for the firmware: QEMU_FIRMWARE, and for UEFI the code image and the node's
 * variable store, which is copied from the template if the node has none yet.
 */
export function prepareFirmware(firmware: LabFirmware, nodeDir: string): Record<string, string> {
  if (firmware === 'bios') return { QEMU_FIRMWARE: 'bios' };
  const images = OVMF[firmware];
  for (const file of [images.code, images.varsTemplate]) {
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: --firmware ${firmware} needs Debian's ovmf package (bash scripts/install-system-deps.sh)`);
  }
  const vars = varsFile(nodeDir, firmware);
  if (!fs.existsSync(vars)) fs.copyFileSync(images.varsTemplate, vars);
  return { QEMU_FIRMWARE: firmware, QEMU_OVMF_CODE: images.code, QEMU_OVMF_VARS: vars };
}
