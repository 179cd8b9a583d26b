// System vendor and firmware, from systeminformation (DMI through /sys/class/dmi/id or
// dmidecode). Empty strings, which si returns when DMI is unreadable, become null.
import si from 'systeminformation';
import type { Inventory } from '../../protocol/agent-wire.js';

const orNull = (s: string | undefined): string | null => (s && s.trim() && s !== '-' ? s.trim() : null);

export async function collectSystemVendor(): Promise<Inventory['system_vendor']> {
  const [system, bios] = await Promise.all([si.system(), si.bios()]);
  return {
    product_name: orNull(system.model),
    serial_number: orNull(system.serial),
    manufacturer: orNull(system.manufacturer),
    firmware: { vendor: orNull(bios.vendor), version: orNull(bios.version), build_date: orNull(bios.releaseDate) },
  };
}
