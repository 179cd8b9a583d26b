// Ironic's boot devices and Redfish's BootSourceOverrideTarget values, both ways.
import type { BootDevice } from '../interfaces/management.js';

export const BOOT_TARGETS = {
  pxe: 'Pxe',
  disk: 'Hdd',
  cdrom: 'Cd',
  bios: 'BiosSetup',
  usb: 'Usb',
  'uefi-http': 'UefiHttp',
} as const satisfies Partial<Record<BootDevice, string>>;

export type RedfishBootDevice = keyof typeof BOOT_TARGETS;
export const REDFISH_BOOT_DEVICES = Object.keys(BOOT_TARGETS) as RedfishBootDevice[];

/** Targets that read back as a device; UsbCd is how Supermicro names its virtual CD. */
const READ_BACK: Record<string, BootDevice> = {
  ...Object.fromEntries(Object.entries(BOOT_TARGETS).map(([device, target]) => [target, device as BootDevice])),
  UsbCd: 'cdrom',
};

export function deviceOfTarget(target: unknown): BootDevice | null {
  return typeof target === 'string' ? (READ_BACK[target] ?? null) : null;
}

export const isRedfishBootDevice = (d: BootDevice): d is RedfishBootDevice => d in BOOT_TARGETS;
