// What a BMC said, for errors a person reads: Redfish's error object (its message and the
// @Message.ExtendedInfo messages), or the start of a body that is not JSON.
import type { JsonObject } from '../../db/types.js';

const MAX_TEXT = 300;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a JSON body; null for an empty or non-JSON body. */
export function parseJsonBody(text: string): JsonObject | null {
  if (!text.trim()) return null;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

export function bmcMessage(text: string): string {
  const body = parseJsonBody(text);
  const error = body && isObject(body.error) ? body.error : body;
  if (error) {
    const parts: string[] = [];
    if (typeof error.message === 'string') parts.push(error.message);
    const extended = error['@Message.ExtendedInfo'];
    if (Array.isArray(extended))
      for (const info of extended)
        if (isObject(info) && typeof info.Message === 'string' && !parts.includes(info.Message)) parts.push(info.Message);
    if (parts.length) return parts.join(' ');
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat || '(empty body)';
}
