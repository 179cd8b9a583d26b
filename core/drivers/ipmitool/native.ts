// The one place the in-process client (core/ipmi/) is plugged into the IPMI interfaces: the
// service (core/processes/drivers.ts), the interface tests and the power-sync bench all take it
// from here.
import { createNativeIpmi } from '../../ipmi/factory.js';
import type { NativeIpmiFactory } from './resources.js';

export const nativeIpmiFactory: NativeIpmiFactory | undefined = createNativeIpmi;
