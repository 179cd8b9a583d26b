// Reading a burn-in step's args: numbers within bounds, with defaults, and a clear message (the
// conductor puts it in last_error) when an operator's value is wrong.
export type Args = Record<string, unknown>;

export function numberArg(args: Args, name: string, def: number, min: number, max: number): number {
  const v = args[name];
  if (v === undefined || v === null) return def;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`argument ${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

/** fio/stress-ng sizes: 512, 64k, 100M, 2G. */
export function sizeArg(args: Args, name: string, def: string): string {
  const v = args[name] ?? def;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new Error(`argument ${name} must be a size such as 64M, got ${JSON.stringify(v)}`);
  const s = String(v);
  if (!/^\d+[kKmMgG]?$/.test(s)) throw new Error(`argument ${name} must be a size such as 64M or 1G, got ${JSON.stringify(v)}`);
  return s;
}

export function stringList(args: Args, name: string): string[] | null {
  const v = args[name];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`argument ${name} must be a list of strings`);
  return v as string[];
}
