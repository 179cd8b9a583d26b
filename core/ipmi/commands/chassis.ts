// Chassis Status (§28.2) and Chassis Control (§28.3).
import { HardwareError } from '../../errors.js';
import type { ChassisControl } from '../../drivers/ipmitool/ipmi-client.js';
import type { PowerState } from '../../drivers/interfaces/power.js';
import { NetFn } from '../ipmi-message.js';
import { ignoreData, type Command } from './command.js';

export const powerStatus: Command<PowerState> = {
  operation: 'power_status',
  description: 'power status',
  request: { netfn: NetFn.chassis, command: 0x01, data: [] },
  parse(data) {
    if (data.length < 1) throw new HardwareError('Chassis Status answer carries no power state.');
    return (data[0]! & 0x01) !== 0 ? 'power on' : 'power off';
  },
};

const CONTROL_CODES: Readonly<Record<ChassisControl, number>> = { off: 0, on: 1, cycle: 2, reset: 3, diag: 4, soft: 5 };

// Built once: the six commands never change.
const CONTROL_COMMANDS = new Map<string, Command<void>>(
  Object.entries(CONTROL_CODES).map(([action, code]) => [
    action,
    {
      operation: `power_${action}`,
      description: `chassis power ${action}`,
      request: { netfn: NetFn.chassis, command: 0x02, data: [code] },
      parse: ignoreData,
    },
  ]),
);

export function chassisControl(action: ChassisControl): Command<void> {
  const cmd = CONTROL_COMMANDS.get(action);
  if (!cmd) throw new HardwareError(`Unknown chassis control action "${String(action)}".`);
  return cmd;
}
