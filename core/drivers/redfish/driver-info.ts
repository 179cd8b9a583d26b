// The driver_info keys of the Redfish interfaces (Ironic's names, so enrolment files written for
// Ironic work), checked and turned into one typed target. Every problem is an
// InvalidParameterValue naming the node, the key and what it accepts.
import fs from 'node:fs';
import { InvalidParameterValue } from '../../errors.js';

export type RedfishAuthType = 'session' | 'basic' | 'auto';
const AUTH_TYPES: readonly RedfishAuthType[] = ['session', 'basic', 'auto'];

/** Everything needed to reach one BMC's Redfish service. `password` never leaves the client. */
export interface RedfishTarget {
  /** "https://host[:port]", no trailing slash. */
  address: string;
  /** "/redfish/v1/Systems/<id>", or undefined: the only member of Systems. */
  systemPath?: string;
  username?: string;
  password?: string;
  /** false: accept any certificate; true: the system CAs; a string: that CA bundle file. */
  verifyCa: boolean | string;
  authType: RedfishAuthType;
  timeoutSeconds: number;
}

export const REDFISH_PROPERTIES: Record<string, { description: string; required: boolean }> = {
  redfish_address: {
    description: 'URL of the Redfish service, e.g. https://10.0.0.9 or 10.0.0.9:8443 (a bare host means https://).',
    required: true,
  },
  redfish_system_id: {
    description: 'The ComputerSystem: its id ("1") or path ("/redfish/v1/Systems/1"). Optional when the BMC has one system.',
    required: false,
  },
  redfish_username: { description: 'BMC user name.', required: false },
  redfish_password: { description: 'BMC password. Never logged, never shown by the API.', required: false },
  redfish_verify_ca: {
    description: 'TLS verification: true (default, system CAs), false (accept any certificate), or the path of a CA bundle file.',
    required: false,
  },
  redfish_auth_type: {
    description: 'session, basic or auto (default: a session, or basic auth when the BMC has no SessionService).',
    required: false,
  },
  redfish_timeout: { description: 'Seconds each Redfish request may take. Default 60.', required: false },
};

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];
const DEFAULT_TIMEOUT_SECONDS = 60;
const SYSTEMS_PREFIX = '/redfish/v1/Systems/';

class DriverInfoReader {
  constructor(
    private readonly info: Record<string, unknown>,
    private readonly node: string,
  ) {}

  bad(key: string, accepts: string, got?: unknown): InvalidParameterValue {
    const seen = got === undefined ? '' : `, got ${JSON.stringify(got)}`;
    return new InvalidParameterValue(`Node ${this.node}: driver_info.${key} ${accepts}${seen}.`);
  }

  optString(key: string): string | undefined {
    const v = this.info[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw this.bad(key, 'must be a string', typeof v);
  }
}

function parseAddress(r: DriverInfoReader): string {
  const raw = r.optString('redfish_address');
  if (!raw) throw r.bad('redfish_address', "is required: the BMC's Redfish URL, e.g. https://10.0.0.9");
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw r.bad('redfish_address', 'must be a URL or host name such as https://10.0.0.9:443', raw);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw r.bad('redfish_address', 'must use https:// or http://', raw);
  // Credentials in the URL would end up in logs and errors: they belong in redfish_username/password.
  if (url.username || url.password) throw r.bad('redfish_address', 'must not carry credentials; use redfish_username and redfish_password');
  if (url.pathname !== '/' || url.search || url.hash) throw r.bad('redfish_address', 'must be scheme, host and port only (no path)', raw);
  return `${url.protocol}//${url.host}`;
}

function parseSystemPath(r: DriverInfoReader): string | undefined {
  const raw = r.optString('redfish_system_id');
  if (raw === undefined) return undefined;
  const trimmed = raw.replace(/\/+$/, '');
  const path = trimmed.startsWith('/') ? trimmed : SYSTEMS_PREFIX + trimmed;
  const id = path.startsWith(SYSTEMS_PREFIX) ? path.slice(SYSTEMS_PREFIX.length) : '';
  if (!/^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/.test(id))
    throw r.bad('redfish_system_id', 'must be a system id ("1") or a path under /redfish/v1/Systems/', raw);
  return path;
}

function parseVerifyCa(r: DriverInfoReader, info: Record<string, unknown>): boolean | string {
  const v = info.redfish_verify_ca;
  if (v === undefined || v === null || v === '') return true;
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') throw r.bad('redfish_verify_ca', 'must be true, false or the path of a CA bundle file', v);
  const word = v.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  let isFile = false;
  try {
    isFile = fs.statSync(v).isFile();
  } catch {
    /* reported below */
  }
  if (!isFile) throw r.bad('redfish_verify_ca', 'must be true, false or the path of an existing CA bundle file', v);
  return v;
}

function parseTimeout(r: DriverInfoReader): number {
  const raw = r.optString('redfish_timeout');
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 3600)
    throw r.bad('redfish_timeout', 'must be a whole number of seconds from 1 to 3600', raw);
  return n;
}

/** Checks and reads a node's Redfish driver_info; `node` (uuid or name) words the errors. */
export function parseRedfishDriverInfo(info: Record<string, unknown>, node: string): RedfishTarget {
  const r = new DriverInfoReader(info, node);
  const authType = (r.optString('redfish_auth_type') ?? 'auto').toLowerCase();
  if (!(AUTH_TYPES as readonly string[]).includes(authType))
    throw r.bad('redfish_auth_type', `must be one of ${AUTH_TYPES.join(', ')}`, info.redfish_auth_type);
  return {
    address: parseAddress(r),
    systemPath: parseSystemPath(r),
    username: r.optString('redfish_username'),
    password: r.optString('redfish_password'),
    verifyCa: parseVerifyCa(r, info),
    authType: authType as RedfishAuthType,
    timeoutSeconds: parseTimeout(r),
  };
}

/** One session and one request lane per BMC and user: the key the shared resources use. */
export function bmcKey(t: RedfishTarget): string {
  return `${t.address}|${t.username ?? ''}`;
}
