// Request-body validation shared by every router: a body is an object whose keys are known and
// whose values have the declared JSON types. Errors name the field and what was expected.
import { parseBoolean } from '../bool.js';
import { UUID_RE } from '../db/resource-repo.js';
import { InvalidParameterValue, NotAcceptable } from '../errors.js';

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
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'any':
      return true;
  }
}

/** A boolean field's value as Ironic reads it (oslo's bool_from_string): "True", "false", "1" too. */
function coerceBoolean(value: unknown): unknown {
  return parseBoolean(value) ?? value;
}

/** Checks one field's value against its spec; returns it, with a boolean string turned into a boolean. */
export function checkField(name: string, value: unknown, spec: FieldSpec): unknown {
  if (value === null) {
    if (spec.nullable) return null;
    throw new InvalidParameterValue(`Field "${name}" may not be null.`);
  }
  const v = spec.type === 'boolean' ? coerceBoolean(value) : value;
  if (!typeOk(v, spec.type)) {
    const hint = spec.type === 'boolean' ? ' Use true or false.' : '';
    throw new InvalidParameterValue(`Field "${name}" must be of type ${spec.type}, got ${JSON.stringify(value)}.${hint}`);
  }
  return v;
}

/**
 * Checks each present field of `fields` against `schema` (a create body or a PATCH result);
 * returns them coerced. A null (a removed attribute) is left for the resource to reset.
 */
export function checkFields(fields: Record<string, unknown>, schema: BodySchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = schema[key] && value !== null ? checkField(key, value, schema[key]) : value;
  return out;
}

/** Checks `body` against `schema` and returns it typed; `what` names the resource in messages. */
export function parseBody<T = Record<string, unknown>>(body: unknown, schema: BodySchema, what: string, minor = Infinity): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidParameterValue(`The request body for ${what} must be a JSON object.`);
  }
  for (const [key, value] of Object.entries(body)) {
    const spec = schema[key];
    if (spec?.since !== undefined && minor < spec.since) {
      // Ironic answers 406 for a body key the request's version does not have yet.
      throw new NotAcceptable(
        `"${key}" in ${what} requires API version 1.${spec.since} or later; this request used 1.${minor}. Send the header X-OpenStack-Ironic-API-Version: 1.${spec.since} (or "latest").`,
      );
    }
    if (!spec) {
      const known = Object.entries(schema)
        .filter(([, s]) => s.since === undefined || minor >= s.since)
        .map(([k]) => k);
      throw new InvalidParameterValue(`Unknown attribute for ${what}: "${key}". Accepted: ${known.join(', ')}.`);
    }
    checkField(key, value, spec);
  }
  return checkFields(body as Record<string, unknown>, schema) as T;
}

/** Type checks of a PATCH's changed values, which (unlike a POST body) have not been through parseBody. */
export function checkPatched(fields: Record<string, unknown>, schema: BodySchema, required: readonly string[]): void {
  for (const [key, value] of Object.entries(fields)) {
    const spec = schema[key];
    if (!spec) continue;
    if (value === null && required.includes(key))
      throw new InvalidParameterValue(`"${key}" is mandatory and cannot be removed or set to null.`);
    checkField(key, value, spec);
  }
}

/**
 * A UUID a client chooses for a new resource (or names in a field such as instance_uuid),
 * lower-cased as stored. Anything else is refused: the UUID becomes a URL segment, and "../x"
 * made a port no URL could reach.
 */
export function uuidField(name: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new InvalidParameterValue(
      `Field "${name}" of ${what} must be a UUID such as "1be26c0b-03f2-4d2e-ae87-c02d7f33c123", got ${JSON.stringify(value)}; leave it out to have one generated.`,
    );
  }
  return value.toLowerCase();
}

/** Reads a required string member of a body. */
export function requireString(body: Record<string, unknown>, key: string, what: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new InvalidParameterValue(`${what} requires a "${key}" string.`);
  return v;
}
