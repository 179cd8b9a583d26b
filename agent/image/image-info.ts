// standby.prepare_image's image_info (IPA's keys): validated before the command starts, so a
// caller's mistake is a 400 with a message, not a failed deploy.
import { InvalidParamsError, type Params } from '../server/commands.js';
import { parseHints, type RootDeviceHints } from './root-device.js';

export type HashAlgo = 'sha256' | 'sha512' | 'md5';

export interface ImageInfo {
  id: string;
  urls: string[];
  diskFormat: 'raw' | 'qcow2';
  hashAlgo: HashAlgo;
  hashValue: string;
  hints: RootDeviceHints | null;
  configdrive: string | null;
  imageSize: number | null;
  /**
   * deploy_boot_mode (IPA's key): the mode the deployed OS boots in. Null: the conductor did not
   * say, so the mode this ramdisk was booted in (as IPA does).
   */
  bootMode: 'uefi' | 'bios' | null;
}

const HEX_LENGTH: Record<HashAlgo, number> = { md5: 32, sha256: 64, sha512: 128 };

function checksumOf(info: Record<string, unknown>): { hashAlgo: HashAlgo; hashValue: string } {
  const algo = info.os_hash_algo ?? (info.checksum !== undefined ? 'md5' : undefined);
  const value = info.os_hash_value ?? info.checksum;
  if (algo === undefined || value === undefined) {
    throw new InvalidParamsError(
      'image_info needs os_hash_algo + os_hash_value, or checksum (md5): the agent never writes an unverified image',
    );
  }
  if (typeof algo !== 'string' || !(algo in HEX_LENGTH))
    throw new InvalidParamsError(`image_info.os_hash_algo ${JSON.stringify(algo)} is not one of sha256, sha512, md5`);
  const hashAlgo = algo as HashAlgo;
  if (typeof value !== 'string' || !new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[hashAlgo]}}$`).test(value)) {
    throw new InvalidParamsError(
      `image_info's ${hashAlgo} checksum must be ${HEX_LENGTH[hashAlgo]} hex digits, got ${JSON.stringify(value)}`,
    );
  }
  return { hashAlgo, hashValue: value.toLowerCase() };
}

function isHttpUrl(u: unknown): boolean {
  try {
    return typeof u === 'string' && ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}

function urlsOf(info: Record<string, unknown>): string[] {
  const urls = info.urls;
  if (!Array.isArray(urls) || urls.length === 0) throw new InvalidParamsError('image_info.urls must be a non-empty list of http(s) URLs');
  for (const u of urls) {
    if (!isHttpUrl(u)) throw new InvalidParamsError(`image_info.urls: ${JSON.stringify(u)} is not an http(s) URL`);
  }
  return urls as string[];
}

export function parseImageInfo(params: Params): ImageInfo {
  const info = params.image_info;
  if (!info || typeof info !== 'object' || Array.isArray(info)) throw new InvalidParamsError('params.image_info must be an object');
  const i = info as Record<string, unknown>;
  const diskFormat = i.disk_format ?? 'raw';
  if (diskFormat !== 'raw' && diskFormat !== 'qcow2')
    throw new InvalidParamsError(`image_info.disk_format ${JSON.stringify(diskFormat)} is not raw or qcow2`);
  if (i.configdrive !== undefined && i.configdrive !== null && typeof i.configdrive !== 'string') {
    throw new InvalidParamsError('image_info.configdrive must be a gzip+base64 ISO9660 string');
  }
  if (i.image_size !== undefined && i.image_size !== null && !(Number.isSafeInteger(i.image_size) && (i.image_size as number) >= 0)) {
    throw new InvalidParamsError('image_info.image_size must be a byte count');
  }
  const bootMode = i.deploy_boot_mode ?? null;
  if (bootMode !== null && bootMode !== 'uefi' && bootMode !== 'bios')
    throw new InvalidParamsError(`image_info.deploy_boot_mode ${JSON.stringify(bootMode)} is not uefi or bios`);
  let hints: RootDeviceHints | null;
  try {
    hints = i.root_device_hints ? parseHints(i.root_device_hints) : null;
  } catch (err) {
    throw new InvalidParamsError((err as Error).message);
  }
  return {
    id: typeof i.id === 'string' ? i.id : 'image',
    urls: urlsOf(i),
    diskFormat,
    ...checksumOf(i),
    hints,
    configdrive: (i.configdrive as string | undefined) || null,
    imageSize: (i.image_size as number | undefined) ?? null,
    bootMode,
  };
}
