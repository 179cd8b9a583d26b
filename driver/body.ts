// Checks on the JSON bodies the adapter sends. Each failure is a 400 naming the field and what
// it should hold, so a caller sees at once which argument it got wrong.
import { invalidInput } from './errors.js';

export type Obj = Record<string, unknown>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function asObject(value: unknown, what: string): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidInput(`${what} must be a JSON object.`);
  return value as Obj;
}

export function requireObject(body: Obj, key: string, what: string): Obj {
  if (!(key in body)) throw invalidInput(`${what} needs "${key}" (a JSON object).`);
  return asObject(body[key], `"${key}"`);
}

export function optString(body: Obj, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidInput(`"${key}" must be a string, got ${JSON.stringify(v)}.`);
  return v;
}

export function requireString(body: Obj, key: string, what: string): string {
  const v = optString(body, key);
  if (!v) throw invalidInput(`${what} needs a non-empty "${key}".`);
  return v;
}

export function optNumber(body: Obj, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw invalidInput(`"${key}" must be a non-negative number, got ${JSON.stringify(v)}.`);
  return v;
}

export function requireUuid(value: string, what: string): string {
  if (!UUID_RE.test(value)) throw invalidInput(`${what} must be a UUID, got "${value}".`);
  return value.toLowerCase();
}

/** network_info as VIF ids: Nova's list of {id, address, ...}. */
export function vifIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidInput('"network_info" must be a list of VIFs ({"id": ..., "address": ...}).');
  return value.map((vif, i) => {
    const id = (vif as Obj | null)?.id;
    if (typeof id !== 'string' || id === '') throw invalidInput(`"network_info"[${i}] needs a non-empty "id" (the Neutron port UUID).`);
    return id;
  });
}
