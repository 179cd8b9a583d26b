// What a composition root needs to run the native client next to ipmitool: the client on the
// service's shared BmcQueue, and the rule for targets it leaves to ipmitool.
import type { Config } from '../config.js';
import type { BmcQueue } from '../drivers/ipmitool/bmc-queue.js';
import type { IpmiTarget } from '../drivers/ipmitool/driver-info.js';
import type { IpmiClient } from '../drivers/ipmitool/ipmi-client.js';
import type { Logger } from '../log.js';
import type { BmcMetrics } from '../metrics/bmc-metrics.js';
import { NativeIpmiClient, nativeFallbackReason } from './native-client.js';

export interface NativeIpmi {
  client: IpmiClient;
  /** Why a target needs ipmitool, or undefined when the native client speaks it. */
  fallbackReason: (target: IpmiTarget) => string | undefined;
}

export function createNativeIpmi(config: Config, queue: BmcQueue, metrics?: BmcMetrics, log?: Logger): NativeIpmi {
  return { client: new NativeIpmiClient(config, { queue, metrics, log }), fallbackReason: nativeFallbackReason };
}
