// Which IPMI client the tests' services use: `[ipmi] client` from TYR_TEST_IPMI_CLIENT (native or
// ipmitool), so the same IPMI integration tests run once per client; unset: Tyr's default.
import type { IpmiClientKind } from '../../core/drivers/ipmitool/ipmi-client.js';

export function ipmiClientOverride(): { client?: IpmiClientKind } {
  const chosen = process.env.TYR_TEST_IPMI_CLIENT;
  if (chosen === undefined || chosen === '') return {};
  if (chosen !== 'native' && chosen !== 'ipmitool') throw new Error(`TYR_TEST_IPMI_CLIENT must be native or ipmitool, got "${chosen}"`);
  return { client: chosen };
}
