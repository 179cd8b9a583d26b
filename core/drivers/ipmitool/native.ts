// The one place the in-process client (core/ipmi/) is plugged into the IPMI interfaces: the
// service (core/processes/drivers.ts), the interface tests and the power-sync bench all take it
// from here. Undefined until core/ipmi/ is on this branch; then every call is ipmitool's.
import type { NativeIpmiFactory } from './resources.js';

export const nativeIpmiFactory: NativeIpmiFactory | undefined = undefined;
