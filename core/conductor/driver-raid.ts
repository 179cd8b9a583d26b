// GET /v1/drivers/{driver}/raid/logical_disk_properties: asked of the hardware type's default
// RAID interface; none (`no`) is UnsupportedDriverExtension, which the API turns into 404 as Ironic.
import type { DriverRegistry } from '../drivers/registry.js';
import { UnsupportedDriverExtension } from '../errors.js';

export function raidLogicalDiskProperties(registry: DriverRegistry, driver: string): Record<string, string> {
  const name = registry.hardwareType(driver).interfaces.raid[0]!;
  const props = registry.implementation('raid', name).logicalDiskProperties?.();
  if (!props) {
    throw new UnsupportedDriverExtension(`Driver ${driver} does not support RAID configuration: its default raid interface is "${name}".`);
  }
  return { ...props };
}
