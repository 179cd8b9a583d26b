// BIOS settings as pure functions over Redfish JSON: the Bios resource's Attributes joined with
// the entries of its AttributeRegistry (allowable values, bounds, read-only, reset-required, in
// Ironic's field names, as GET /v1/nodes/{id}/bios serves them), the checks of a requested value
// against its entry, and the typed JSON value a PATCH must carry (Integer and Boolean attributes
// are JSON numbers and booleans on the wire; Tyr keeps every value as a string).
import { settingProblem, type BiosAttribute } from '../../../protocol/bios-settings.js';
import type { JsonObject } from '../../db/types.js';
import type { BiosSettingRecord } from '../../db/hardware-ops.js';
import { list, num, obj, str } from './resource-fields.js';

const TYPES = ['Enumeration', 'String', 'Integer', 'Boolean'] as const;
type AttributeType = (typeof TYPES)[number];

/** One AttributeRegistry entry, in Ironic's names. */
export interface RegistryEntry extends BiosAttribute {
  min_length?: number | null;
  max_length?: number | null;
  unique?: boolean | null;
}

function boolOrNull(o: JsonObject, key: string): boolean | null {
  return typeof o[key] === 'boolean' ? o[key] : null;
}

/** RegistryEntries.Attributes of an AttributeRegistry resource, by AttributeName. */
export function registryEntries(registry: JsonObject | null): Map<string, RegistryEntry> {
  const out = new Map<string, RegistryEntry>();
  for (const raw of list(obj(registry ?? {}, 'RegistryEntries'), 'Attributes')) {
    if (typeof raw !== 'object' || raw === null) continue;
    const a = raw as JsonObject;
    const name = str(a, 'AttributeName');
    if (!name) continue;
    const type = str(a, 'Type');
    const values = list(a, 'Value')
      .map((v) => (typeof v === 'object' && v !== null ? str(v as JsonObject, 'ValueName') : null))
      .filter((v): v is string => v !== null);
    out.set(name, {
      name,
      value: null,
      attribute_type: TYPES.includes(type as AttributeType) ? (type as AttributeType) : null,
      allowed_values: values.length > 0 ? values : null,
      lower_bound: num(a, 'LowerBound'),
      upper_bound: num(a, 'UpperBound'),
      min_length: num(a, 'MinLength'),
      max_length: num(a, 'MaxLength'),
      read_only: boolOrNull(a, 'ReadOnly'),
      reset_required: boolOrNull(a, 'ResetRequired'),
      unique: boolOrNull(a, 'IsSystemUniqueProperty'),
    });
  }
  return out;
}

/** A wire value as Tyr stores it: strings as they are, numbers and booleans in their JSON spelling. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every attribute of the Bios resource with what its registry says of it (nothing when the BMC has no registry). */
export function settingsFrom(bios: JsonObject, registry: Map<string, RegistryEntry>): BiosSettingRecord[] {
  const attributes = obj(bios, 'Attributes') ?? {};
  return Object.keys(attributes)
    .sort()
    .map((name) => {
      const entry = registry.get(name);
      return { ...(entry ?? {}), name, value: valueText(attributes[name]) };
    });
}

/** Why `value` cannot be written to `name`, or null. Without a registry only unknown names are refused. */
export function valueProblem(name: string, value: string, registry: Map<string, RegistryEntry>, current: JsonObject): string | null {
  const entry = registry.get(name);
  if (!entry) return registry.size > 0 || !(name in current) ? `unknown BIOS setting ${JSON.stringify(name)}` : null;
  const generic = settingProblem(entry, name, value);
  if (generic) return generic;
  if (entry.attribute_type === 'Boolean' && value !== 'true' && value !== 'false')
    return `BIOS setting ${name} must be true or false, got ${JSON.stringify(value)}`;
  if (entry.attribute_type === 'String') {
    if (entry.max_length != null && value.length > entry.max_length)
      return `BIOS setting ${name} is at most ${entry.max_length} characters`;
    if (entry.min_length != null && value.length < entry.min_length)
      return `BIOS setting ${name} is at least ${entry.min_length} characters`;
  }
  return null;
}

/**
 * The JSON value to PATCH: the registry's type decides; without an entry, the type of the current
 * value does (a number stays a number), else the string as given.
 */
export function wireValue(
  name: string,
  value: string,
  registry: Map<string, RegistryEntry>,
  current: JsonObject,
): string | number | boolean {
  const type = registry.get(name)?.attribute_type ?? typeOfCurrent(current[name]);
  if (type === 'Integer') return Number(value);
  if (type === 'Boolean') return value === 'true';
  return value;
}

function typeOfCurrent(v: unknown): AttributeType | null {
  if (typeof v === 'number') return 'Integer';
  if (typeof v === 'boolean') return 'Boolean';
  return null;
}

/** The registry file that describes `registryName` ("BiosAttributeRegistry.v1_0_0") among /redfish/v1/Registries members. */
export function registryLocation(files: JsonObject[], registryName: string): string | null {
  const file = files.find((f) => str(f, 'Id') === registryName || str(f, 'Registry') === registryName);
  if (!file) return null;
  const locations = list(file, 'Location').filter((l): l is JsonObject => typeof l === 'object' && l !== null);
  const english = locations.find((l) => str(l, 'Language')?.startsWith('en')) ?? locations[0];
  return str(english, 'Uri');
}

/**
 * The apply time to ask for (@Redfish.SettingsApplyTime), when the BMC lists what it supports:
 * OnReset (the values take effect at the reboot Tyr then makes), else Immediate. Null when the
 * BMC lists nothing (it applies at its own next reset).
 */
export function applyTime(bios: JsonObject): 'OnReset' | 'Immediate' | null {
  const supported = list(obj(bios, '@Redfish.Settings'), 'SupportedApplyTimes');
  if (supported.length === 0) return null;
  if (supported.includes('OnReset')) return 'OnReset';
  return supported.includes('Immediate') ? 'Immediate' : null;
}

/** The settings that do not read back as asked, as "name (asked x, is y)". */
export function unapplied(asked: { name: string; value: string | null }[], bios: JsonObject): string[] {
  const attributes = obj(bios, 'Attributes') ?? {};
  return asked
    .filter((s) => valueText(attributes[s.name]) !== s.value)
    .map((s) => `${s.name} (asked ${JSON.stringify(s.value)}, is ${JSON.stringify(valueText(attributes[s.name]))})`);
}
