// Secret masking for every API response and log line: values of keys that end in "password" or
// "_token" (at any depth) become "******", as Ironic's mask_dict_password does for driver_info.
// Only plain objects and arrays are walked; anything else (an Error, a Buffer) is left as it is.
const SECRET_KEY = /(password|_token)$/i;
export const MASK = '******';

export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null && v !== '' ? MASK : maskSecrets(v);
  return out as T;
}
