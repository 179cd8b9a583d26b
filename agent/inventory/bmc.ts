// The BMC's IP address, from `ipmitool lan print` through the local IPMI device. Only tried when
// /dev/ipmi0 exists: without the ipmi_si/ipmi_devintf drivers ipmitool would just fail slowly.
import fs from 'node:fs';
import { tryRun } from '../exec.js';

export function parseLanPrintAddress(text: string): string | null {
  for (const line of text.split('\n')) {
    // "IP Address Source" also starts with "IP Address": match the exact key.
    const m = /^IP Address\s*:\s*(\S+)/.exec(line);
    if (m) return m[1] === '0.0.0.0' ? null : m[1]!;
  }
  return null;
}

export async function collectBmcAddress(device = '/dev/ipmi0'): Promise<string | null> {
  if (!fs.existsSync(device)) return null;
  // Channel 1 is the LAN channel on most boards; ipmitool's default picks it too.
  const out = await tryRun('ipmitool', ['lan', 'print'], 20_000);
  return out === null ? null : parseLanPrintAddress(out);
}
