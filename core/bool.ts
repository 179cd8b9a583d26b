// Booleans as people type them (oslo's bool_from_string, strict): true/false, yes/no, on/off,
// 1/0, t/f, y/n in any case, or a JSON boolean. Anything else is undefined, for the caller to refuse.
const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const l = value.trim().toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  return undefined;
}
