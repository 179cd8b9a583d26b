// Node properties as the API returns them: operators and inspection write cpus, memory_mb and
// local_gb as JSON numbers or numeric strings, so every reader needs the same lenient view.

/** A JSON number or numeric string as an integer; anything else (null, an object) counts as 0. */
export function integerProperty(v: unknown): number {
  const n = typeof v === 'number' || typeof v === 'string' ? Number.parseInt(String(v), 10) : 0;
  return Number.isFinite(n) ? n : 0;
}
