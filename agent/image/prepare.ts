// standby.prepare_image: choose the root device, write the image (raw or qcow2), verify it,
// add the config drive, and in UEFI mode make the firmware find the OS (uefi-boot.ts). Any
// failure once writing has begun wipes both ends of the device first, so the machine can never
// boot a half-written image.
import { progressReporter, type Activity } from '../activity.js';
import { errorText, log } from '../log.js';
import type { Command } from '../server/commands.js';
import { CONFIGDRIVE_BYTES, decodeConfigDrive, writeConfigDrive } from './configdrive.js';
import { wipeEnds } from './wipe.js';
import { deviceSize, writableDisks } from './disks.js';
import { parseImageInfo, type ImageInfo } from './image-info.js';
import { writeQcow2 } from './qcow2.js';
import { checkSize, writeRaw } from './raw.js';
import { chooseRootDevice } from './root-device.js';
import { setUpUefiBoot } from './uefi-boot.js';
import { currentBootMode } from '../inventory/boot.js';
import type { UefiBootRecord } from '../../protocol/results/image-write.js';

export interface PrepareResult extends Record<string, unknown> {
  root_device: string;
  bytes_written: number;
  seconds: number;
  mb_per_s: number;
  configdrive_partition: string | null;
  image_checksum: { algo: string; value: string };
  uefi_boot: UefiBootRecord | null;
}

async function writeImage(info: ImageInfo, device: string, capacity: number, activity: Activity) {
  const job = { urls: info.urls, device, capacity, hashAlgo: info.hashAlgo, hashValue: info.hashValue };
  if (info.diskFormat === 'qcow2') return writeQcow2({ ...job, onProgress: progressReporter('prepare_image', null, activity) });
  return writeRaw({ ...job, onProgress: progressReporter('prepare_image', info.imageSize, activity) });
}

/** The conductor's deploy_boot_mode, else this ramdisk's; a mismatch is logged, as IPA does. */
function targetMode(info: ImageInfo): 'uefi' | 'bios' {
  const booted = currentBootMode();
  if (info.bootMode && info.bootMode !== booted)
    log.warn(`prepare_image: deploying image ${info.id} for ${info.bootMode} boot from a ramdisk booted in ${booted} mode`);
  return info.bootMode ?? booted;
}

export async function prepareImage(info: ImageInfo, activity: Activity): Promise<PrepareResult> {
  const started = Date.now();
  const disk = chooseRootDevice(await writableDisks(), info.hints);
  const device = disk.name;
  const size = deviceSize(device);
  // The config drive's partition comes off the end of the disk: the image must leave room.
  const capacity = info.configdrive ? size - CONFIGDRIVE_BYTES - 2 ** 20 : size;
  if (info.configdrive) decodeConfigDrive(info.configdrive); // a broken blob fails before any write
  checkSize(info.imageSize, device, capacity);
  log.info(`prepare_image: writing ${info.diskFormat} image ${info.id} from ${info.urls.join(', ')} to ${device} (${size} bytes)`);
  try {
    const written = await writeImage(info, device, capacity, activity);
    const configdrive = info.configdrive ? await writeConfigDrive(device, size, written.bytes, info.configdrive) : null;
    // Last, on the final partition table: the entry names the ESP by the table's partition GUID.
    const uefiBoot = targetMode(info) === 'uefi' ? await setUpUefiBoot(device, info.id) : null;
    const seconds = (Date.now() - started) / 1000;
    const result: PrepareResult = {
      root_device: device,
      bytes_written: written.bytes,
      seconds: Math.round(seconds * 10) / 10,
      mb_per_s: Math.round((written.bytes / 2 ** 20 / Math.max(seconds, 0.001)) * 10) / 10,
      configdrive_partition: configdrive,
      image_checksum: { algo: info.hashAlgo, value: written.digest },
      uefi_boot: uefiBoot,
    };
    log.info(
      `prepare_image: ${device} holds image ${info.id}: ${result.bytes_written} bytes in ${result.seconds} s (${result.mb_per_s} MB/s)${configdrive ? `, config drive on ${configdrive}` : ''}${uefiBoot ? `, UEFI boot by ${uefiBoot.method} (${uefiBoot.loader})` : ''}`,
    );
    return result;
  } catch (err) {
    // Wiped even when nothing was written yet: a failed deploy must leave no bootable disk
    // behind, whatever the disk held before.
    log.warn(`prepare_image failed (${errorText(err)}); wiping the partition table and signatures of ${device}`);
    await wipeEnds(device, size).catch((wipeErr: unknown) => log.error(`wiping ${device} failed too: ${errorText(wipeErr)}`));
    throw err;
  }
}

export function prepareImageCommand(activity: Activity): Command {
  return {
    validate: (params) => void parseImageInfo(params),
    async run(params) {
      return { result: await prepareImage(parseImageInfo(params), activity) };
    },
  };
}
