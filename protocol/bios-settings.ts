// BIOS settings as both sides judge them: the registry attributes a setting carries (Ironic's
// field names), why a value does not fit them, and the shape of an apply_configuration list. The
// API checks a request with these before anything boots; the agent's plugins check again before
// they write the first setting.
import { ShapeError } from './shape-error.js';

export interface BiosAttribute {
  name: string;
  value: string | null;
  attribute_type?: 'Enumeration' | 'String' | 'Integer' | 'Boolean' | null;
  allowed_values?: string[] | null;
  lower_bound?: number | null;
  upper_bound?: number | null;
  read_only?: boolean | null;
  reset_required?: boolean | null;
}

/** One entry of bios apply_configuration's `settings`. */
export interface BiosSettingInput {
  name: string;
  value: string | number | boolean;
}

/** Why `value` does not fit `attr`, or null. */
export function settingProblem(attr: BiosAttribute | undefined, name: string, value: unknown): string | null {
  if (!attr) return `unknown BIOS setting ${JSON.stringify(name)}`;
  if (attr.read_only) return `BIOS setting ${name} is read-only`;
  const v = String(value);
  if (attr.allowed_values && attr.allowed_values.length > 0 && !attr.allowed_values.includes(v)) {
    return `BIOS setting ${name} cannot be ${JSON.stringify(v)}: allowed values are ${attr.allowed_values.join(', ')}`;
  }
  if (attr.attribute_type === 'Integer') {
    const n = Number(v);
    if (!Number.isInteger(n)) return `BIOS setting ${name} must be an integer, got ${JSON.stringify(v)}`;
    if ((attr.lower_bound ?? null) !== null && n < attr.lower_bound!) return `BIOS setting ${name} must be at least ${attr.lower_bound}`;
    if ((attr.upper_bound ?? null) !== null && n > attr.upper_bound!) return `BIOS setting ${name} must be at most ${attr.upper_bound}`;
  }
  return null;
}

function isSettingInput(s: unknown): s is BiosSettingInput {
  const o = s as { name?: unknown; value?: unknown } | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.name === 'string' &&
    o.name !== '' &&
    o.value !== undefined &&
    o.value !== null &&
    typeof o.value !== 'object'
  );
}

/**
 * `settings` as a list of {name, value}; with a non-empty `registry` each value is also checked
 * against it. Every problem is named at once, so one request fixes them all.
 */
export function parseBiosSettings(
  settings: unknown,
  registry: ReadonlyMap<string, BiosAttribute> = new Map(),
  at = 'settings',
): BiosSettingInput[] {
  if (!Array.isArray(settings) || settings.length === 0)
    throw new ShapeError(`${at} must be a non-empty list of {"name": ..., "value": ...}.`);
  const problems: string[] = [];
  settings.forEach((s: unknown, i) => {
    if (!isSettingInput(s)) problems.push(`settings[${i}] must be {"name": <string>, "value": <string or number>}`);
    else if (registry.size > 0) {
      const p = settingProblem(registry.get(s.name), s.name, s.value);
      if (p) problems.push(p);
    }
  });
  if (problems.length > 0) throw new ShapeError(`${problems.join('; ')}.`);
  return settings as BiosSettingInput[];
}
