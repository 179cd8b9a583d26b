// Boot mode: the kernel exposes /sys/firmware/efi only when UEFI firmware started it. Secure
// Boot: the SecureBoot EFI variable's value byte (1 = on), reported only under UEFI.
import fs from 'node:fs';
import type { Inventory } from '../../protocol/agent-wire.js';
import { ensureEfivarfs, mountEfivarfs, readEfiVariable, type Mounter } from '../efivars.js';
import { log } from '../log.js';

export function currentBootMode(efiDir = '/sys/firmware/efi'): 'uefi' | 'bios' {
  return fs.existsSync(efiDir) ? 'uefi' : 'bios';
}

/**
 * true/false from the variable; false when the firmware has no SecureBoot variable (it does not
 * support Secure Boot); undefined when efivarfs cannot be read, so nothing is claimed.
 */
export async function secureBootState(efiDir = '/sys/firmware/efi', mount: Mounter = mountEfivarfs): Promise<boolean | undefined> {
  const efivars = await ensureEfivarfs(efiDir, mount);
  if (!efivars) {
    log.warn('inventory: Secure Boot state unknown (efivarfs unavailable); boot.secure_boot left out');
    return undefined;
  }
  const value = readEfiVariable(efivars, 'SecureBoot');
  return value !== null && value[0] === 1;
}

export async function collectBoot(
  pxeInterface: string | null,
  efiDir = '/sys/firmware/efi',
  mount: Mounter = mountEfivarfs,
): Promise<Inventory['boot']> {
  const mode = currentBootMode(efiDir);
  if (mode === 'bios') return { current_boot_mode: mode, pxe_interface: pxeInterface };
  const secure = await secureBootState(efiDir, mount);
  return { current_boot_mode: mode, pxe_interface: pxeInterface, ...(secure === undefined ? {} : { secure_boot: secure }) };
}
