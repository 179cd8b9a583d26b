// The vendor-quirk table: the first file whose vendor matches the system's Manufacturer, or the
// generic service. A new vendor is one small file here and one line below.
import { DELL_QUIRKS } from './dell.js';
import { GENERIC_QUIRKS } from './generic.js';
import { HPE_QUIRKS } from './hpe.js';
import { LENOVO_QUIRKS } from './lenovo.js';
import type { RedfishQuirks } from './quirk.js';
import { SUPERMICRO_QUIRKS } from './supermicro.js';

export type { RedfishQuirks } from './quirk.js';

const VENDORS: readonly RedfishQuirks[] = [DELL_QUIRKS, HPE_QUIRKS, LENOVO_QUIRKS, SUPERMICRO_QUIRKS];

export function quirksFor(manufacturer: unknown): RedfishQuirks {
  if (typeof manufacturer !== 'string' || !manufacturer.trim()) return GENERIC_QUIRKS;
  return VENDORS.find((q) => q.matches(manufacturer)) ?? GENERIC_QUIRKS;
}
