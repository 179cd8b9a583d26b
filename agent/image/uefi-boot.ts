// After a whole-disk image is written for a UEFI boot: find its EFI system partition, choose the
// loader, and make sure the firmware will start it: a boot entry for a vendor loader, or the
// removable-media path \EFI\BOOT\BOOTX64.EFI when that is all the image has (or when no entry can
// be written). Every failure here means the machine could not boot the disk, so it fails the
// deploy (prepare.ts then wipes the disk).
import type { UefiBootRecord } from '../../protocol/results/image-write.js';
import { ensureEfivarfs } from '../efivars.js';
import { errorText, log } from '../log.js';
import { efibootmgr, setBootEntry, type EfibootmgrRunner } from './boot-entry.js';
import { UefiBootError } from './errors.js';
import { ESP_TYPE_GUID, findEsp, listEfiFiles, type EspPartition } from './esp.js';
import { rereadPartitions } from './partition-table.js';
import { chooseLoader } from './uefi-loader.js';

/** efibootmgr needs efivarfs; a ramdisk whose init did not mount it gets it mounted first. */
const efibootmgrWithEfivars: EfibootmgrRunner = async (args) => {
  await ensureEfivarfs();
  return efibootmgr(args);
};

async function espFiles(device: string, esp: EspPartition, image: string): Promise<string[]> {
  try {
    return await listEfiFiles(device, esp);
  } catch (err) {
    throw new UefiBootError(
      `image ${image}: partition ${esp.number} of ${device} is typed as the EFI system partition but holds no readable FAT file system (${errorText(err)}); fix the image`,
    );
  }
}

export async function setUpUefiBoot(
  device: string,
  image: string,
  runEfibootmgr: EfibootmgrRunner = efibootmgrWithEfivars,
): Promise<UefiBootRecord> {
  await rereadPartitions(device);
  const esp = await findEsp(device);
  if (!esp) {
    throw new UefiBootError(
      `image ${image} has no EFI system partition (GPT partition of type ${ESP_TYPE_GUID}), so UEFI firmware cannot boot it from ${device}: deploy it with boot_mode bios (instance_info/deploy_boot_mode or the boot_mode capability) or use a UEFI image`,
    );
  }
  const { vendor, fallback } = chooseLoader(await espFiles(device, esp, image));
  if (!vendor) {
    if (!fallback) {
      throw new UefiBootError(
        `image ${image}: the EFI system partition (partition ${esp.number} of ${device}) has no boot loader, neither \\EFI\\<vendor>\\shimx64.efi or grubx64.efi nor \\EFI\\BOOT\\BOOTX64.EFI; install a boot loader in the image or deploy it with boot_mode bios`,
      );
    }
    log.info(`prepare_image: image ${image} has only the removable-media loader ${fallback}; no boot entry needed`);
    return { method: 'fallback', loader: fallback };
  }
  try {
    const entry = await setBootEntry({ disk: device, part: esp.number, loader: vendor }, runEfibootmgr);
    log.info(`prepare_image: UEFI boot entry ${entry} for ${vendor} on partition ${esp.number} of ${device}, first in BootOrder`);
    return { method: 'efibootmgr', loader: vendor, entry };
  } catch (err) {
    if (fallback) {
      log.warn(`prepare_image: no UEFI boot entry for ${vendor} (${errorText(err)}); the firmware will start ${fallback} instead`);
      return { method: 'fallback', loader: fallback };
    }
    throw new UefiBootError(
      `image ${image}: could not create a UEFI boot entry for ${vendor} (${errorText(err)}) and the image has no \\EFI\\BOOT\\BOOTX64.EFI to fall back on; boot the deploy ramdisk in UEFI mode (efibootmgr needs EFI variables) or add the fallback loader to the image`,
    );
  }
}
