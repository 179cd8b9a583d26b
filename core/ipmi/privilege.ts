// Privilege levels as RMCP+ and Set Session Privilege Level encode them (IPMI 2.0 §6.8).
import type { PrivLevel } from '../drivers/ipmitool/driver-info.js';

export const PRIVILEGE_CODE: Readonly<Record<PrivLevel, number>> = {
  CALLBACK: 0x01,
  USER: 0x02,
  OPERATOR: 0x03,
  ADMINISTRATOR: 0x04,
};
