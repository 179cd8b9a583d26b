// A BIOS settings plugin: reads the settings with what it knows of their registry (type, allowed
// values, read-only, reset-required), applies a list, and resets to factory defaults. Ironic's
// BIOS registry field names are used as they are.
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

export interface BiosPlugin {
  readonly name: string;
  /** 0: cannot run here; higher: more specific (a vendor tool outranks a generic store). */
  evaluate(): Promise<number>;
  getSettings(): Promise<BiosAttribute[]>;
  /** Applies all or nothing: every setting is checked before the first is written. */
  apply(settings: { name: string; value: string }[]): Promise<void>;
  factoryReset(): Promise<void>;
}

/** Why `value` does not fit `attr`, or null. Shared by the agent and the conductor's check. */
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
