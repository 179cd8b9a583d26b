// PCI devices, from `lspci -vmmnn` (names and numeric IDs in one machine-readable listing),
// or from /sys/bus/pci/devices when pciutils is missing (IDs only, no names).
import fs from 'node:fs';
import { tryRun } from '../exec.js';
import type { PciDevice } from '../../protocol/agent-wire.js';

/** "Red Hat, Inc. [1af4]" → name "Red Hat, Inc.", id "1af4". Only the LAST bracket is the ID. */
function nameAndId(value: string | undefined): { name: string | null; id: string | null } {
  if (!value) return { name: null, id: null };
  const m = /^(.*?)\s*\[([0-9a-fA-F]{4})\]$/.exec(value.trim());
  if (!m) return { name: value.trim(), id: null };
  return { name: m[1] || null, id: m[2]!.toLowerCase() };
}

/** lspci prints slots without the PCI domain unless it is not 0000 (or -D is given). */
function fullSlot(slot: string): string {
  return /^[0-9a-f]{4}:/i.test(slot) ? slot.toLowerCase() : `0000:${slot.toLowerCase()}`;
}

export function parseLspciVmmnn(text: string): PciDevice[] {
  const devices: PciDevice[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of record.split('\n')) {
      const m = /^(\w+):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1]!, m[2]!);
    }
    const slot = fields.get('Slot');
    if (!slot) continue;
    const cls = nameAndId(fields.get('Class'));
    const vendor = nameAndId(fields.get('Vendor'));
    const device = nameAndId(fields.get('Device'));
    if (!vendor.id || !device.id) continue;
    devices.push({
      vendor_id: vendor.id,
      product_id: device.id,
      class: cls.id ?? '',
      revision: fields.get('Rev') ?? null,
      bus: fullSlot(slot),
      vendor_name: vendor.name,
      device_name: device.name,
    });
  }
  return devices;
}

function readHex(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim().replace(/^0x/, '').toLowerCase();
  } catch {
    return null;
  }
}

/** sysfs fallback: vendor "0x1af4", device "0x1041", class "0x020000" (class, subclass, prog-if). */
export function readPciSysfs(root = '/sys/bus/pci/devices'): PciDevice[] {
  let slots: string[];
  try {
    slots = fs.readdirSync(root).sort();
  } catch {
    return [];
  }
  const devices: PciDevice[] = [];
  for (const slot of slots) {
    const vendor = readHex(`${root}/${slot}/vendor`);
    const device = readHex(`${root}/${slot}/device`);
    if (!vendor || !device) continue;
    const cls = readHex(`${root}/${slot}/class`);
    const rev = readHex(`${root}/${slot}/revision`);
    devices.push({
      vendor_id: vendor,
      product_id: device,
      class: cls ? cls.slice(0, 4) : '',
      revision: rev,
      bus: slot.toLowerCase(),
      vendor_name: null,
      device_name: null,
    });
  }
  return devices;
}

export async function collectPci(): Promise<PciDevice[]> {
  const out = await tryRun('lspci', ['-vmmnn'], 15_000);
  const parsed = out === null ? [] : parseLspciVmmnn(out);
  return parsed.length > 0 ? parsed : readPciSysfs();
}
