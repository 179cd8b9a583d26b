// Root device hints (IPA's root_device: name, size, serial, wwn, model, vendor, rotational) and
// the choice of the disk to write. Every given hint must match; with none, IPA's rule: the
// smallest disk of at least 4 GiB.
import type { DiskInfo } from '../../protocol/agent-wire.js';
import { RootDeviceError } from './errors.js';

const GiB = 2 ** 30;
export const MIN_ROOT_DISK_BYTES = 4 * GiB;

type StringHint = 'name' | 'serial' | 'wwn' | 'model' | 'vendor';
const STRING_HINTS: StringHint[] = ['name', 'serial', 'wwn', 'model', 'vendor'];

export interface RootDeviceHints {
  name?: string;
  serial?: string;
  wwn?: string;
  model?: string;
  vendor?: string;
  /** Operator and GiB, as IPA's size hint: 40 means "== 40". */
  size?: { op: '==' | '!=' | '<' | '<=' | '>' | '>='; gib: number };
  rotational?: boolean;
}

function parseSize(value: unknown): RootDeviceHints['size'] {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return { op: '==', gib: value };
  const m = typeof value === 'string' ? /^\s*(==|!=|<=|>=|<|>)?\s*(\d+)\s*$/.exec(value) : null;
  if (!m)
    throw new Error(
      `root device hint size ${JSON.stringify(value)} must be a whole number of GiB, optionally after one of == != < <= > >= (e.g. ">= 40")`,
    );
  return { op: (m[1] ?? '==') as NonNullable<RootDeviceHints['size']>['op'], gib: Number(m[2]) };
}

function parseBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  throw new Error(`root device hint rotational ${JSON.stringify(value)} must be true or false`);
}

/** Validates hints; unknown keys are refused so a typo never silently picks another disk. */
export function parseHints(raw: unknown): RootDeviceHints {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('root device hints must be an object');
  const hints: RootDeviceHints = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (key === 'size') hints.size = parseSize(value);
    else if (key === 'rotational') hints.rotational = parseBool(value);
    else if ((STRING_HINTS as string[]).includes(key)) {
      if (typeof value !== 'string' || value === '') throw new Error(`root device hint ${key} must be a non-empty string`);
      hints[key as StringHint] = key === 'name' && !value.startsWith('/') ? `/dev/${value}` : value;
    } else {
      throw new Error(
        `unknown root device hint ${JSON.stringify(key)}: the supported hints are ${[...STRING_HINTS, 'size', 'rotational'].join(', ')}`,
      );
    }
  }
  return hints;
}

/** IPA's string operators: "s== x" exact, "<in> x" substring, "<or> a <or> b" any; plain = exact, case-insensitive. */
function stringMatches(expected: string, actual: string | null): boolean {
  if (actual === null) return false;
  const a = actual.trim().toLowerCase();
  const e = expected.trim();
  if (e.startsWith('<or>'))
    return e
      .split('<or>')
      .slice(1)
      .some((alt) => stringMatches(alt, actual));
  if (e.startsWith('<in>')) return a.includes(e.slice(4).trim().toLowerCase());
  if (e.startsWith('s==')) return a === e.slice(3).trim().toLowerCase();
  if (e.startsWith('s!=')) return a !== e.slice(3).trim().toLowerCase();
  return a === e.toLowerCase();
}

function sizeMatches(hint: NonNullable<RootDeviceHints['size']>, bytes: number): boolean {
  const gib = Math.floor(bytes / GiB);
  switch (hint.op) {
    case '==':
      return gib === hint.gib;
    case '!=':
      return gib !== hint.gib;
    case '<':
      return gib < hint.gib;
    case '<=':
      return gib <= hint.gib;
    case '>':
      return gib > hint.gib;
    case '>=':
      return gib >= hint.gib;
  }
}

export function matchesHints(disk: DiskInfo, hints: RootDeviceHints): boolean {
  for (const key of STRING_HINTS) {
    const want = hints[key];
    if (want === undefined) continue;
    // A name hint may also be a /dev/disk/by-path link, as in IPA.
    const ok = key === 'name' ? stringMatches(want, disk.name) || stringMatches(want, disk.by_path) : stringMatches(want, disk[key]);
    if (!ok) return false;
  }
  if (hints.size && !sizeMatches(hints.size, disk.size)) return false;
  if (hints.rotational !== undefined && disk.rotational !== hints.rotational) return false;
  return true;
}

const describe = (d: DiskInfo): string =>
  `${d.name} (${(d.size / GiB).toFixed(1)} GiB${d.serial ? `, serial ${d.serial}` : ''}${d.model ? `, model ${d.model}` : ''})`;

export function chooseRootDevice(disks: DiskInfo[], hints: RootDeviceHints | null): DiskInfo {
  const seen = disks.length ? disks.map(describe).join(', ') : 'none';
  if (hints && Object.keys(hints).length > 0) {
    const match = disks.filter((d) => matchesHints(d, hints));
    if (match.length === 0) throw new RootDeviceError(`No disk matches root device hints ${JSON.stringify(hints)}; disks seen: ${seen}`);
    // Several matches: the smallest, for the same reason as without hints (and a stable answer).
    return [...match].sort((a, b) => a.size - b.size || a.name.localeCompare(b.name))[0]!;
  }
  const big = disks.filter((d) => d.size >= MIN_ROOT_DISK_BYTES).sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  if (big.length === 0) throw new RootDeviceError(`No disk of at least 4 GiB to write the image to; disks seen: ${seen}`);
  return big[0]!;
}
