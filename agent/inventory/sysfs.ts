// Small readers for sysfs/procfs attributes: a missing attribute is normal (virtual devices,
// older kernels), so it reads as null instead of throwing.
import fs from 'node:fs';
import path from 'node:path';

export function readText(file: string): string | null {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

export function linkBasename(file: string): string | null {
  try {
    return path.basename(fs.readlinkSync(file));
  } catch {
    return null;
  }
}

export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$/i;

/**
 * The PCI function a device hangs off, walking up its real sysfs path: a virtio NIC's `device`
 * is virtioN, whose parent is the PCI function (…/0000:00:03.0/virtio2).
 */
export function pciAddressOf(deviceLink: string): string | null {
  let real: string;
  try {
    real = fs.realpathSync(deviceLink);
  } catch {
    return null;
  }
  const parts = real.split('/').filter((p) => PCI_ADDRESS.test(p));
  return parts.length > 0 ? parts[parts.length - 1]!.toLowerCase() : null;
}
