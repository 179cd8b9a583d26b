// Small readers the result parsers share: each names the field it refused, so a malformed
// answer says where it went wrong.
import { asObject, ShapeError } from '../shape-error.js';

/** An object, or a ShapeError naming `at`. */
export function objectAt(value: unknown, at: string): Record<string, unknown> {
  const o = asObject(value);
  if (!o) throw new ShapeError(`${at} must be an object, got ${describe(value)}.`);
  return o;
}

/** An optional object: undefined and null become {}. */
export function optionalObjectAt(value: unknown, at: string): Record<string, unknown> {
  return value === undefined || value === null ? {} : objectAt(value, at);
}

export function listAt(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${at} must be a list, got ${describe(value)}.`);
  return value;
}

export function stringAt(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new ShapeError(`${at} must be a string, got ${describe(value)}.`);
  return value;
}

export function nullableStringAt(value: unknown, at: string): string | null {
  return value === undefined || value === null ? null : stringAt(value, at);
}

export function nullableNumberAt(value: unknown, at: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`${at} must be a number, got ${describe(value)}.`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
