// Get Device ID (§20.1).
import { HardwareError } from '../../errors.js';
import type { DeviceId } from '../../drivers/ipmitool/ipmi-client.js';
import { NetFn } from '../ipmi-message.js';
import type { Command } from './command.js';

export const getDeviceId: Command<DeviceId> = {
  operation: 'device_id',
  description: 'mc info (Get Device ID)',
  request: { netfn: NetFn.app, command: 0x01, data: [] },
  parse(d) {
    if (d.length < 11) throw new HardwareError(`Get Device ID answer is ${d.length} bytes long, expected at least 11.`);
    // Firmware minor revision and IPMI version are BCD; the IPMI version keeps the major in the low nibble.
    const minor = ((d[3]! >> 4) * 10 + (d[3]! & 0x0f)).toString().padStart(2, '0');
    return {
      device_id: d[0]!,
      device_revision: d[1]! & 0x0f,
      firmware_revision: `${d[2]! & 0x7f}.${minor}`,
      ipmi_version: `${d[4]! & 0x0f}.${d[4]! >> 4}`,
      manufacturer_id: d[6]! | (d[7]! << 8) | ((d[8]! & 0x0f) << 16),
      product_id: d.readUInt16LE(9),
    };
  },
};
