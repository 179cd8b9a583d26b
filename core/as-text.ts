// A value read from JSON (instance_info, a request, an inspection rule) as text: a string as it
// is, anything else as its JSON. Same as String() for every primitive, but an object or a list
// shows what it holds instead of "[object Object]" or its items run together.
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
