// Reading request bodies: a wrong or missing property is a 400 that names it and what it accepts.
import { fail } from './errors.js';
import type { SimRequest } from './router.js';

export function objectBody(req: SimRequest): Record<string, unknown> {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail(400, 'MalformedJSON', `${req.method} ${req.path} needs a JSON object body.`);
  }
  return body as Record<string, unknown>;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], property: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(400, 'PropertyValueNotInList', `The value ${JSON.stringify(value)} for ${property} is not one of ${allowed.join(', ')}.`);
}

export function requiredString(body: Record<string, unknown>, property: string): string {
  const value = body[property];
  if (typeof value === 'string' && value) return value;
  return fail(400, 'PropertyMissing', `The property ${property} is required (a non-empty string).`);
}

/** Rejects properties the resource does not let a PATCH change. */
export function onlyProperties(body: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(body)) {
    if (key.startsWith('@')) continue;
    if (!allowed.includes(key))
      fail(400, 'PropertyNotWritable', `The property ${key} of ${path} cannot be changed; writable: ${allowed.join(', ')}.`);
  }
}
