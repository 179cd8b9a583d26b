// What a firmware image means to the sim (documented in docs/lab.md): the component is the one
// named in Targets, else BMC when the file name contains "bmc", else BIOS; the new version is a
// "version=<v>" line in the image's first 512 bytes, else the first dotted number in the file
// name (bios-2.11.0.bin → 2.11.0). An image with neither is refused, as a BMC refuses a bad image.
import type { SimMachineState } from './types.js';

export type FirmwareComponent = keyof SimMachineState['firmware'];
export const FIRMWARE_COMPONENTS: readonly FirmwareComponent[] = ['BMC', 'BIOS'];

export function componentFor(fileName: string, targets: unknown): FirmwareComponent {
  if (Array.isArray(targets)) {
    for (const target of targets) {
      const named = FIRMWARE_COMPONENTS.find((c) => typeof target === 'string' && target.endsWith(`/FirmwareInventory/${c}`));
      if (named) return named;
    }
  }
  return /bmc/i.test(fileName) ? 'BMC' : 'BIOS';
}

export function versionOf(fileName: string, head: Buffer): string {
  const inContent = /^\s*version\s*[=:]\s*([\w.+-]+)\s*$/im.exec(head.toString('latin1'));
  if (inContent?.[1]) return inContent[1];
  const inName = /\d+(?:\.\d+)+/.exec(fileName);
  if (inName) return inName[0];
  throw new Error(
    `The image ${fileName} carries no version (neither a "version=<v>" line at its start nor a dotted number in its file name); the update was not applied.`,
  );
}

export function fileNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return url;
  }
}
