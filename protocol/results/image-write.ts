// standby.prepare_image's command_result: where the image went and how fast it was written.
import { ShapeError } from '../shape-error.js';
import { nullableNumberAt, nullableStringAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

export interface ImageWriteResult {
  root_device: string | null;
  configdrive_partition: string | null;
  bytes_written: number | null;
  seconds: number | null;
  mb_per_s: number | null;
  /**
   * UEFI deploys: how the installed OS will be found by the firmware. 'efibootmgr': the agent
   * created a boot entry for `loader` (`entry` is its Boot#### number); 'fallback': the image
   * relies on the removable-media path \EFI\BOOT\BOOTX64.EFI. Null for BIOS deploys.
   */
  uefi_boot: UefiBootRecord | null;
}

export interface UefiBootRecord {
  method: 'efibootmgr' | 'fallback';
  /** The loader's path on the ESP, as the firmware sees it, e.g. \EFI\debian\shimx64.efi. */
  loader: string;
  entry?: string;
}

export function parseImageWriteResult(commandResult: unknown): ImageWriteResult {
  const r = optionalObjectAt(commandResult, 'command_result');
  return {
    root_device: nullableStringAt(r.root_device, 'root_device'),
    configdrive_partition: nullableStringAt(r.configdrive_partition, 'configdrive_partition'),
    bytes_written: nullableNumberAt(r.bytes_written, 'bytes_written'),
    seconds: nullableNumberAt(r.seconds, 'seconds'),
    mb_per_s: nullableNumberAt(r.mb_per_s, 'mb_per_s'),
    uefi_boot: uefiBootAt(r.uefi_boot),
  };
}

function uefiBootAt(value: unknown): UefiBootRecord | null {
  if (value === undefined || value === null) return null;
  // A ShapeError, as for every field: the conductor turns it into the node's HardwareError.
  const u = objectAt(value, 'uefi_boot');
  if (u.method !== 'efibootmgr' && u.method !== 'fallback')
    throw new ShapeError(`uefi_boot.method must be "efibootmgr" or "fallback", got ${JSON.stringify(u.method ?? null)}.`);
  const loader = stringAt(u.loader, 'uefi_boot.loader');
  const entry = nullableStringAt(u.entry ?? null, 'uefi_boot.entry');
  return { method: u.method, loader, ...(entry ? { entry } : {}) };
}
