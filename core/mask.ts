// Secret masking for every API response and log line, with Ironic's rule: a value whose key
// contains one of oslo.utils' sanitised key fragments (strutils._SANITIZE_KEYS, matched as
// case-insensitive substrings) becomes "******", at any depth. Objects under such a key are
// walked rather than hidden, as oslo's mask_dict_password does. Only plain objects and arrays
// are walked; anything else (an Error, a Buffer) is left as it is.
export const MASK = '******';

/** oslo.utils' _SANITIZE_KEYS (python3-oslo.utils 6.x), the fragments Ironic treats as secret. */
export const SANITIZE_KEY_FRAGMENTS: readonly string[] = [
  'adminpass',
  'admin_pass',
  'password',
  'admin_password',
  'auth_token',
  'new_pass',
  'auth_password',
  'secret_uuid',
  'secret',
  'sys_pswd',
  'token',
  'configdrive',
  'chappassword',
  'encrypted_key',
  'private_key',
  'fernetkey',
  'sslkey',
  'passphrase',
  'cephclusterfsid',
  'octaviaheartbeatkey',
  'rabbitcookie',
  'cephmanilaclientkey',
  'pacemakerremoteauthkey',
  'designaterndckey',
  'cephadminkey',
  'heatauthencryptionkey',
  'cephclientkey',
  'keystonecredential',
  'barbicansimplecryptokek',
  'cephrgwkey',
  'swifthashsuffix',
  'migrationsshkey',
  'cephmdskey',
  'cephmonkey',
];

/**
 * Tyr's own additions, for driver_info keys oslo's list does not cover: `kg_key` (ipmi_kg_key, the
 * IPMI 2.0 BMC key, which unlocks every session to the BMC like a password does).
 */
export const TYR_SECRET_KEY_FRAGMENTS: readonly string[] = ['kg_key'];

const SECRET_KEY = new RegExp(
  [...SANITIZE_KEY_FRAGMENTS, ...TYR_SECRET_KEY_FRAGMENTS].map((f) => f.replace(/[^a-z0-9_]/g, '')).join('|'),
  'i',
);

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isPlainObject(v) || Array.isArray(v)) out[k] = maskSecrets(v);
    else out[k] = isSecretKey(k) && v !== null ? MASK : v;
  }
  return out as T;
}

/**
 * A node's instance_info as the API shows it: secrets masked, and the image URL too, which may
 * carry a temporary URL's signature (Ironic hides it as well).
 */
export function maskInstanceInfo(info: Record<string, unknown>): Record<string, unknown> {
  const masked = maskSecrets(info);
  if (typeof masked.image_url === 'string') masked.image_url = MASK;
  return masked;
}
