// Request-body validation shared by every router: a body is an object whose keys are known and
// whose values have the declared JSON types. Errors name the field and what was expected.
import { InvalidParameterValue } from '../errors.js';

export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'any';

export interface FieldSpec {
  type: FieldType;
  nullable?: boolean;
  /** API minor version that introduced the field; older requests treat it as unknown. */
  since?: number;
}

export type BodySchema = Record<string, FieldSpec>;

function typeOk(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'any': return true;
  }
}

export function checkField(name: string, value: unknown, spec: FieldSpec): void {
  if (value === null) {
    if (spec.nullable) return;
    throw new InvalidParameterValue(`Field "${name}" may not be null.`);
  }
  if (!typeOk(value, spec.type)) {
    throw new InvalidParameterValue(`Field "${name}" must be of type ${spec.type}, got ${JSON.stringify(value)}.`);
  }
}

/** Checks `body` against `schema` and returns it typed; `what` names the resource in messages. */
export function parseBody<T = Record<string, unknown>>(body: unknown, schema: BodySchema, what: string, minor = Infinity): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidParameterValue(`The request body for ${what} must be a JSON object.`);
  }
  for (const [key, value] of Object.entries(body)) {
    const spec = schema[key];
    if (!spec || (spec.since !== undefined && minor < spec.since)) {
      const known = Object.entries(schema).filter(([, s]) => s.since === undefined || minor >= s.since).map(([k]) => k);
      throw new InvalidParameterValue(`Unknown attribute for ${what}: "${key}". Accepted: ${known.join(', ')}.`);
    }
    checkField(key, value, spec);
  }
  return body as T;
}

/** Type checks of a PATCH's changed values, which (unlike a POST body) have not been through parseBody. */
export function checkPatched(fields: Record<string, unknown>, schema: BodySchema, required: readonly string[]): void {
  for (const [key, value] of Object.entries(fields)) {
    const spec = schema[key];
    if (!spec) continue;
    if (value === null && required.includes(key)) throw new InvalidParameterValue(`"${key}" is mandatory and cannot be removed or set to null.`);
    checkField(key, value, spec);
  }
}

/** Reads a required string member of a body. */
export function requireString(body: Record<string, unknown>, key: string, what: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new InvalidParameterValue(`${what} requires a "${key}" string.`);
  return v;
}
