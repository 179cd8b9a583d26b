// The firmware_images of a firmware update step, as the API accepts them and the agent flashes
// them: {component, url, checksum, version}, and optionally the updater plugin and, for the
// command updater, the vendor tool.
import { ShapeError } from './shape-error.js';

export interface FirmwareImage {
  component: string;
  url: string;
  checksum: string;
  version: string;
  /** The plugin to use (fwupd, command, lab-file); otherwise the agent's registry chooses. */
  updater?: string;
  /** For the command updater: the vendor tool, which must be on the node's allowed list. */
  command?: string;
}

/**
 * What a BMC's own update service takes (Ironic's redfish `update` step: {component, url}): the BMC
 * downloads the image itself, so checksum and version are optional; a checksum given is checked by
 * whoever downloads the image for the BMC.
 */
export interface BmcFirmwareImage {
  component: string;
  url: string;
  checksum?: string;
  version?: string;
}

function entryOf(raw: unknown, at: string) {
  const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const required = (k: string): string => {
    const v = e[k];
    if (typeof v !== 'string' || v === '') throw new ShapeError(`${at}.${k} must be a non-empty string.`);
    return v;
  };
  const optional = (k: string): { [key: string]: string } => {
    const v = e[k];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'string') throw new ShapeError(`${at}.${k} must be a string when given.`);
    return { [k]: v };
  };
  const url = (who: string): string => {
    const v = required('url');
    if (!/^https?:\/\//.test(v)) throw new ShapeError(`${at}.url must be an http(s) URL ${who} can download.`);
    return v;
  };
  return { required, optional, url };
}

function parseImage(raw: unknown, at: string): FirmwareImage {
  const { required, optional, url } = entryOf(raw, at);
  const image: FirmwareImage = {
    component: required('component'),
    url: url('the ramdisk'),
    checksum: required('checksum'),
    version: required('version'),
  };
  return { ...image, ...optional('updater'), ...optional('command') };
}

function nonEmptyList(images: unknown, at: string, shape: string): unknown[] {
  if (!Array.isArray(images) || images.length === 0) throw new ShapeError(`${at} must be a non-empty list of ${shape}.`);
  return images;
}

/** The list, checked; `at` names it in messages (e.g. "clean_steps[0].args.firmware_images"). */
export function parseFirmwareImages(images: unknown, at = 'firmware_images'): FirmwareImage[] {
  return nonEmptyList(images, at, '{component, url, checksum, version}').map((e, i) => parseImage(e, `${at}[${i}]`));
}

/** The list for a BMC's update service: {component, url}, checksum and version optional. */
export function parseBmcFirmwareImages(images: unknown, at = 'firmware_images'): BmcFirmwareImage[] {
  return nonEmptyList(images, at, '{component, url}').map((raw, i) => {
    const { required, optional, url } = entryOf(raw, `${at}[${i}]`);
    return { component: required('component'), url: url('the BMC'), ...optional('checksum'), ...optional('version') };
  });
}

const DIGEST_BY_LENGTH: Record<number, string> = { 32: 'md5', 64: 'sha256', 128: 'sha512' };

/**
 * An image checksum: "sha256:<hex>", "sha512:<hex>", "md5:<hex>", or a bare hex digest whose
 * length names the algorithm. Whoever downloads an image checks it with this (the agent, or the
 * conductor before it pushes an image to a BMC).
 */
export function parseChecksum(raw: string): { algo: string; hex: string } {
  const m = /^(?:(md5|sha256|sha512):)?([0-9a-fA-F]+)$/.exec(raw.trim());
  const algo = m ? (m[1] ?? DIGEST_BY_LENGTH[m[2]!.length]) : undefined;
  if (!m || !algo || DIGEST_BY_LENGTH[m[2]!.length] !== algo) {
    throw new ShapeError(`checksum ${JSON.stringify(raw)} is not "sha256:<64 hex>", "sha512:<128 hex>" or "md5:<32 hex>"`);
  }
  return { algo, hex: m[2]!.toLowerCase() };
}
