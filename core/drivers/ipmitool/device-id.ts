// Get Device ID (IPMI 2.0 §20.1) response data, decoded the one way both clients share.
import { HardwareError } from '../../errors.js';
import type { DeviceId } from './ipmi-client.js';

/** Netfn App (0x06), command Get Device ID (0x01). */
export const GET_DEVICE_ID = { netfn: 0x06, command: 0x01 } as const;

// BCD digits read as written: 0x05 → "5", 0x51 → "51".
const bcd = (b: number) => b.toString(16);

/** The response data after the completion code: at least 11 bytes. */
export function decodeDeviceId(data: Buffer, bmc: string): DeviceId {
  if (data.length < 11) {
    throw new HardwareError(`BMC ${bmc} answered Get Device ID with ${data.length} bytes, fewer than the 11 IPMI requires.`);
  }
  return {
    device_id: data[0]!,
    device_revision: data[1]! & 0x0f,
    firmware_revision: `${data[2]! & 0x7f}.${bcd(data[3]!)}`,
    // Byte 4 is BCD with the major version in the low nibble: 0x02 → "2.0", 0x51 → "1.5".
    ipmi_version: `${data[4]! & 0x0f}.${data[4]! >> 4}`,
    manufacturer_id: data.readUIntLE(6, 3) & 0x0fffff,
    product_id: data.readUInt16LE(9),
  };
}
