// dnsmasq start-up failures a person can fix, as one-line ConfigErrors that name the option and
// the fix: a missing binary, an interface that does not exist, a port another DHCP server holds.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors.js';

const INSTALL = 'run `bash scripts/install-system-deps.sh` (it installs dnsmasq-base) or set boot.dnsmasq_path';

/** Finds the dnsmasq executable: a path as given, or a name on PATH (plus the sbin directories). */
export async function resolveExecutable(name: string): Promise<string> {
  const dirs = name.includes('/') ? [''] : [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = dir ? path.join(dir, name) : name;
    try {
      await fs.access(candidate, constants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return path.resolve(candidate);
    } catch {
      // not here; try the next directory
    }
  }
  return Promise.reject(new ConfigError(`boot.dnsmasq_path: dnsmasq executable ${JSON.stringify(name)} not found: ${INSTALL}`));
}

/** The error for a dnsmasq that exited before it said it started. */
export function translateExit(code: number | null, signal: string | null, lastLine: string, iface: string): ConfigError {
  if (/unknown interface/i.test(lastLine)) {
    return new ConfigError(
      `boot.dhcp_interface (--dhcp-interface): there is no interface ${JSON.stringify(iface)} here; set it to the provisioning network's interface (\`ip link\` lists them)`,
    );
  }
  if (/address (already )?in use/i.test(lastLine)) {
    return new ConfigError(
      `boot.dhcp_interface ${iface}: another DHCP server already holds port 67 (${lastLine}); stop it, or use boot.dhcp_mode = external`,
    );
  }
  if (/permission denied|operation not permitted/i.test(lastLine)) {
    return new ConfigError(
      `dnsmasq cannot bind the DHCP port (${lastLine}): run Tyr as root or with CAP_NET_ADMIN, CAP_NET_BIND_SERVICE and CAP_NET_RAW, or use boot.dhcp_mode = external`,
    );
  }
  if (/exec of .* failed/i.test(lastLine)) return new ConfigError(`boot.dnsmasq_path: ${lastLine}: ${INSTALL}`);
  const how = signal ? `signal ${signal}` : `code ${code}`;
  return new ConfigError(`dnsmasq exited at start-up (${how}): ${lastLine || 'no output'}; check the boot.dhcp_* options`);
}
