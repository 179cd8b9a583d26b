// Shared setup of the native IPMI client tests: a client on its own BmcQueue with test timings,
// and targets for an ipmi_sim BMC, directly or through a UDP proxy.
import type { Bmc } from '../../bench/lab/bmc.js';
import { BmcQueue } from '../../../core/drivers/ipmitool/bmc-queue.js';
import { parseDriverInfo, type IpmiTarget } from '../../../core/drivers/ipmitool/driver-info.js';
import { NativeIpmiClient, type NativeIpmiClientOptions } from '../../../core/ipmi/native-client.js';
import { testLogger } from '../../helpers/test-logger.js';
import { testConfig } from './helpers.js';

export const log = testLogger();
export const call = { log };

export function nativeClient(ipmi: Record<string, unknown> = {}, opts: Partial<NativeIpmiClientOptions> = {}): NativeIpmiClient {
  const config = testConfig({ command_timeout: 2, command_retry_timeout: 0, min_command_interval_ms: 0, ...ipmi });
  return new NativeIpmiClient(config, { queue: new BmcQueue(config.ipmi.min_command_interval_ms), log, retransmitMs: 300, ...opts });
}

/** The BMC as a target, optionally through a proxy port and with driver_info overrides. */
export function target(bmc: Bmc, overrides: Record<string, unknown> = {}, port = bmc.port): IpmiTarget {
  return parseDriverInfo({ ...bmc.driverInfo(), ipmi_port: port, ...overrides });
}
