// firmware.get_versions' command_result ({versions: {component: version}}) and update_firmware's
// clean_result ({components: [...]}, each with its version before and after).
import { listAt, nullableStringAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

export interface FirmwareComponentResult {
  component: string;
  /** null when the updater could not read it back after flashing. */
  current_version: string | null;
  initial_version?: string | null;
  last_version_flashed?: string | null;
}

export function parseFirmwareVersions(commandResult: unknown): Record<string, string> {
  const versions = optionalObjectAt(optionalObjectAt(commandResult, 'command_result').versions, 'versions');
  return Object.fromEntries(Object.entries(versions).map(([component, v]) => [component, stringAt(v, `versions.${component}`)]));
}

function parseComponent(raw: unknown, at: string): FirmwareComponentResult {
  const c = objectAt(raw, at);
  return {
    component: stringAt(c.component, `${at}.component`),
    current_version: nullableStringAt(c.current_version, `${at}.current_version`),
    initial_version: nullableStringAt(c.initial_version, `${at}.initial_version`),
    last_version_flashed: nullableStringAt(c.last_version_flashed, `${at}.last_version_flashed`),
  };
}

/** update_firmware's components; a missing list is none (the conductor then reads the versions). */
export function parseFirmwareUpdateResult(cleanResult: unknown): FirmwareComponentResult[] {
  const r = optionalObjectAt(cleanResult, 'clean_result');
  if (r.components === undefined || r.components === null) return [];
  return listAt(r.components, 'components').map((c, i) => parseComponent(c, `components[${i}]`));
}
