// bios.get_settings' command_result ({settings: [...]}) and the BIOS clean steps' clean_result,
// which carry the same list: each setting with its registry attributes.
import type { BiosAttribute } from '../bios-settings.js';
import { ShapeError } from '../shape-error.js';
import { listAt, nullableStringAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

const ATTRIBUTE_TYPES = ['Enumeration', 'String', 'Integer', 'Boolean'] as const;

function parseAttribute(raw: unknown, at: string): BiosAttribute {
  const s = objectAt(raw, at);
  const attr: BiosAttribute = { name: stringAt(s.name, `${at}.name`), value: nullableStringAt(s.value, `${at}.value`) };
  const type = s.attribute_type;
  if (type !== undefined && type !== null) {
    if (!ATTRIBUTE_TYPES.includes(type as BiosAttribute['attribute_type'] & string))
      throw new ShapeError(`${at}.attribute_type must be one of ${ATTRIBUTE_TYPES.join(', ')}.`);
    attr.attribute_type = type as BiosAttribute['attribute_type'];
  }
  if (s.allowed_values !== undefined && s.allowed_values !== null) {
    attr.allowed_values = listAt(s.allowed_values, `${at}.allowed_values`).map((v, i) => stringAt(v, `${at}.allowed_values[${i}]`));
  }
  for (const k of ['lower_bound', 'upper_bound'] as const) {
    if (s[k] === undefined || s[k] === null) continue;
    if (typeof s[k] !== 'number') throw new ShapeError(`${at}.${k} must be a number.`);
    attr[k] = s[k];
  }
  for (const k of ['read_only', 'reset_required'] as const) {
    if (s[k] === undefined || s[k] === null) continue;
    if (typeof s[k] !== 'boolean') throw new ShapeError(`${at}.${k} must be true or false.`);
    attr[k] = s[k];
  }
  return attr;
}

/** The settings of a BIOS answer; a missing list is no settings. */
export function parseBiosSettingsResult(result: unknown): BiosAttribute[] {
  const r = optionalObjectAt(result, 'result');
  if (r.settings === undefined || r.settings === null) return [];
  return listAt(r.settings, 'settings').map((s, i) => parseAttribute(s, `settings[${i}]`));
}
