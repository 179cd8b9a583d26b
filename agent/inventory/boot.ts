// Boot mode: the kernel exposes /sys/firmware/efi only when UEFI firmware started it.
import fs from 'node:fs';

export function currentBootMode(efiDir = '/sys/firmware/efi'): 'uefi' | 'bios' {
  return fs.existsSync(efiDir) ? 'uefi' : 'bios';
}
