// The driver_info keys of the ipmitool interfaces, checked and turned into one typed target.
// Every problem is an InvalidParameterValue that names the key and what it accepts.
import { InvalidParameterValue } from '../../errors.js';

export type PrivLevel = 'ADMINISTRATOR' | 'OPERATOR' | 'USER' | 'CALLBACK';
const PRIV_LEVELS: readonly PrivLevel[] = ['ADMINISTRATOR', 'OPERATOR', 'USER', 'CALLBACK'];

export type Bridging =
  | { kind: 'no' }
  | { kind: 'single'; targetChannel: string; targetAddress: string }
  | { kind: 'dual'; targetChannel: string; targetAddress: string; transitChannel: string; transitAddress: string };

/** Everything needed to reach one BMC. `password` never leaves the runner except via -f/-E. */
export interface IpmiTarget {
  address: string;
  port: number;
  username?: string;
  password?: string;
  /** ipmitool interface: 'lanplus' for IPMI 2.0, 'lan' for 1.5. */
  iface: 'lanplus' | 'lan';
  cipherSuite?: number;
  privLevel: PrivLevel;
  bridging: Bridging;
  /** The BMC key Kg (IPMI 2.0 two-key login), as bytes; absent: the password is the key. */
  kgKey?: Buffer;
}

export const IPMI_PROPERTIES: Record<string, { description: string; required: boolean }> = {
  ipmi_address: { description: 'IP address or host name of the BMC.', required: true },
  ipmi_port: { description: 'UDP port of the BMC. Default 623.', required: false },
  ipmi_username: { description: 'BMC user name. Default: none (anonymous).', required: false },
  ipmi_password: { description: 'BMC password. Passed to ipmitool through a private file, never on the command line.', required: false },
  ipmi_protocol_version: { description: 'IPMI version: "2.0" (lanplus, default) or "1.5" (lan).', required: false },
  ipmi_cipher_suite: {
    description: 'IPMI 2.0 cipher suite (ipmitool -C), e.g. 3 or 17. Default: let ipmitool negotiate.',
    required: false,
  },
  ipmi_priv_level: { description: `Privilege level: one of ${PRIV_LEVELS.join(', ')}. Default ADMINISTRATOR.`, required: false },
  ipmi_bridging: { description: 'Bridging: "no" (default), "single" or "dual".', required: false },
  ipmi_target_channel: { description: 'Destination channel for bridged requests (single and dual bridging).', required: false },
  ipmi_target_address: { description: 'Destination address for bridged requests (single and dual bridging).', required: false },
  ipmi_transit_channel: { description: 'Transit channel for dual bridging.', required: false },
  ipmi_transit_address: { description: 'Transit address for dual bridging.', required: false },
  ipmi_kg_key: {
    description:
      'BMC key (Kg) for IPMI 2.0 two-key login: 40 hex digits (20 bytes, like ipmitool -y) or up to 20 characters of text (like ipmitool -k). Default: none (the password is the key).',
    required: false,
  },
};

const bad = (msg: string) => new InvalidParameterValue(`Invalid IPMI driver_info: ${msg}`);

function optString(info: Record<string, unknown>, key: string): string | undefined {
  const v = info[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw bad(`${key} must be a string, got ${typeof v}.`);
}

function intIn(info: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const raw = optString(info, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw bad(`${key} must be an integer from ${min} to ${max}, got "${raw}".`);
  return n;
}

// Channels and addresses go to ipmitool as one argv element each; accept only what ipmitool
// parses (decimal or 0x-hex numbers), so a value cannot smuggle in another option.
function bridgeNumber(info: Record<string, unknown>, key: string, kind: string): string {
  const v = optString(info, key);
  if (v === undefined) throw bad(`${key} is required when ipmi_bridging is "${kind}".`);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(v)) throw bad(`${key} must be a number (decimal or 0x hex), got "${v}".`);
  return v;
}

function bridging(info: Record<string, unknown>): Bridging {
  const kind = optString(info, 'ipmi_bridging') ?? 'no';
  switch (kind) {
    case 'no':
      return { kind };
    case 'single':
      return {
        kind,
        targetChannel: bridgeNumber(info, 'ipmi_target_channel', kind),
        targetAddress: bridgeNumber(info, 'ipmi_target_address', kind),
      };
    case 'dual':
      return {
        kind,
        targetChannel: bridgeNumber(info, 'ipmi_target_channel', kind),
        targetAddress: bridgeNumber(info, 'ipmi_target_address', kind),
        transitChannel: bridgeNumber(info, 'ipmi_transit_channel', kind),
        transitAddress: bridgeNumber(info, 'ipmi_transit_address', kind),
      };
    default:
      throw bad(`ipmi_bridging must be one of no, single, dual, got "${kind}".`);
  }
}

const KG_BYTES = 20;

// IPMI 2.0 keys are 20 bytes (Set Channel Security Keys, §22.25): 40 hex digits cannot be text of
// at most 20 bytes, so the two forms never overlap. HMAC pads shorter keys with zeros, as BMCs do.
function kgKey(info: Record<string, unknown>): Buffer | undefined {
  const v = optString(info, 'ipmi_kg_key');
  if (v === undefined) return undefined;
  const hex = /^(0x)?([0-9a-fA-F]{40})$/.exec(v);
  if (hex) return Buffer.from(hex[2]!, 'hex');
  const text = Buffer.from(v, 'utf8');
  if (text.length > KG_BYTES)
    throw bad(`ipmi_kg_key must be 40 hex digits or at most ${KG_BYTES} bytes of text, got ${text.length} bytes.`);
  return text;
}

export function parseDriverInfo(info: Record<string, unknown>): IpmiTarget {
  const address = optString(info, 'ipmi_address');
  if (!address) throw bad("ipmi_address is required (the BMC's IP address or host name).");
  if (address.startsWith('-') || /\s/.test(address)) throw bad(`ipmi_address "${address}" is not a host name or IP address.`);
  const version = optString(info, 'ipmi_protocol_version') ?? '2.0';
  if (version !== '2.0' && version !== '1.5') throw bad(`ipmi_protocol_version must be "2.0" or "1.5", got "${version}".`);
  const priv = (optString(info, 'ipmi_priv_level') ?? 'ADMINISTRATOR').toUpperCase();
  if (!(PRIV_LEVELS as readonly string[]).includes(priv))
    throw bad(`ipmi_priv_level must be one of ${PRIV_LEVELS.join(', ')}, got "${priv}".`);
  const cipherSuite = intIn(info, 'ipmi_cipher_suite', 0, 255);
  if (cipherSuite !== undefined && version === '1.5') throw bad('ipmi_cipher_suite applies only to ipmi_protocol_version "2.0".');
  const username = optString(info, 'ipmi_username');
  if (username?.startsWith('-')) throw bad('ipmi_username must not start with "-".');
  const kg = kgKey(info);
  return {
    address,
    port: intIn(info, 'ipmi_port', 1, 65535) ?? 623,
    username,
    password: optString(info, 'ipmi_password'),
    iface: version === '2.0' ? 'lanplus' : 'lan',
    cipherSuite,
    privLevel: priv as PrivLevel,
    bridging: bridging(info),
    ...(kg ? { kgKey: kg } : {}),
  };
}

/** The key of the per-BMC command queue. */
export function bmcKey(t: IpmiTarget): string {
  return `${t.address}:${t.port}`;
}
