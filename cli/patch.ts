// Turns `tyr node set/unset` arguments into RFC 6902 JSON Patch operations, and `k=v`
// arguments into objects, the way python-ironicclient does: a value that parses as JSON
// (8, true, {"a":1}) is sent as that JSON, anything else as a string.
import type { PatchOp } from '../client/types.js';
import { CliError } from './errors.js';

/** "cpus=8" → ["cpus", 8]; "name=n1" → ["name", "n1"]. */
export function parseKeyValue(arg: string): [string, unknown] {
  const i = arg.indexOf('=');
  if (i <= 0) throw new CliError(`expected KEY=VALUE, got "${arg}"`);
  const key = arg.slice(0, i);
  const raw = arg.slice(i + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

export function keyValuesToObject(args: string[] = []): Record<string, unknown> {
  return Object.fromEntries(args.map(parseKeyValue));
}

/** RFC 6901 escaping of one path segment. */
export const pointerSegment = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The dictionary fields `set` and `unset` reach into, by option name. */
export const DICT_FIELDS = { property: 'properties', driverInfo: 'driver_info', extra: 'extra', instanceInfo: 'instance_info' } as const;
export type DictOption = keyof typeof DICT_FIELDS;

export type SetArgs = Partial<Record<DictOption, string[]>> & { scalars?: Record<string, unknown> };
export type UnsetArgs = Partial<Record<DictOption, string[]>> & { scalars?: string[] };

/** `set`: `add` into dictionaries (it replaces an existing key), `replace` for top-level fields. */
export function setPatch(args: SetArgs): PatchOp[] {
  const ops: PatchOp[] = [];
  for (const [key, value] of Object.entries(args.scalars ?? {})) {
    if (value !== undefined) ops.push({ op: 'replace', path: `/${key}`, value });
  }
  for (const [option, field] of Object.entries(DICT_FIELDS) as [DictOption, string][]) {
    for (const arg of args[option] ?? []) {
      const [key, value] = parseKeyValue(arg);
      ops.push({ op: 'add', path: `/${field}/${pointerSegment(key)}`, value });
    }
  }
  return ops;
}

/** `unset`: a `remove` for each named key or top-level field. */
export function unsetPatch(args: UnsetArgs): PatchOp[] {
  const ops: PatchOp[] = (args.scalars ?? []).map((key) => ({ op: 'remove', path: `/${key}` }));
  for (const [option, field] of Object.entries(DICT_FIELDS) as [DictOption, string][]) {
    for (const key of args[option] ?? []) ops.push({ op: 'remove', path: `/${field}/${pointerSegment(key)}` });
  }
  return ops;
}
