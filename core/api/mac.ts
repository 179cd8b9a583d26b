// MAC address checking for ports and portgroups: six (Ethernet) or twenty (InfiniBand)
// colon-separated octets, stored lower-case.
import { InvalidParameterValue } from '../errors.js';

const MAC_RE = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$|^([0-9a-f]{2}:){19}[0-9a-f]{2}$/i;

export function normaliseMac(value: unknown): string {
  if (typeof value !== 'string' || !MAC_RE.test(value)) {
    throw new InvalidParameterValue(`Expected a MAC address but received ${JSON.stringify(value)}; use the form 52:54:00:12:34:56.`);
  }
  return value.toLowerCase();
}
