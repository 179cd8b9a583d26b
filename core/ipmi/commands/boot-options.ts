// Set/Get System Boot Options, parameter 5: boot flags (§28.12, §28.13, table 28-14). Data 1 holds
// the valid bit (7), persistence (6: all future boots, else next boot only) and the EFI flag (5);
// data 2 bits 5:2 select the device.
import { HardwareError } from '../../errors.js';
import type { BootDevice } from '../../drivers/interfaces/management.js';
import type { BootFlags, IpmiBootDevice } from '../../drivers/ipmitool/ipmi-client.js';
import { NetFn } from '../ipmi-message.js';
import { ignoreData, type Command } from './command.js';

const BOOT_FLAGS = 5;
const VALID = 0x80; // set: the BMC applies the flags at the next boot(s)
const PERSISTENT = 0x40;
const EFI = 0x20;

const SELECTOR: Readonly<Record<IpmiBootDevice, number>> = { pxe: 0x1, disk: 0x2, safe: 0x3, cdrom: 0x5, bios: 0x6 };
const DEVICE_BY_SELECTOR = new Map<number, BootDevice>(Object.entries(SELECTOR).map(([d, s]) => [s, d as BootDevice]));

export function setBootFlags(device: IpmiBootDevice, flags: { persistent: boolean; efi: boolean }): Command<void> {
  const selector = SELECTOR[device];
  if (selector === undefined) throw new HardwareError(`Boot device "${String(device)}" cannot be set through IPMI boot flags.`);
  const data1 = VALID | (flags.persistent ? PERSISTENT : 0) | (flags.efi ? EFI : 0);
  return {
    operation: 'set_boot_device',
    description: `chassis bootdev ${device}`,
    request: { netfn: NetFn.chassis, command: 0x08, data: [BOOT_FLAGS, data1, selector << 2, 0, 0, 0] },
    parse: ignoreData,
  };
}

export const getBootFlags: Command<BootFlags> = {
  operation: 'get_boot_device',
  description: 'chassis bootparam get 5',
  request: { netfn: NetFn.chassis, command: 0x09, data: [BOOT_FLAGS, 0, 0] },
  parse(d) {
    // parameter version, parameter selector, then the five boot flag bytes
    if (d.length < 4 || (d[1]! & 0x7f) !== BOOT_FLAGS)
      throw new HardwareError('Get System Boot Options answered another parameter than boot flags (5).');
    // Read whatever the bits say, valid bit or not, as ipmitool does (parse.ts): OpenIPMI's
    // ipmi_sim keeps only the device selector and answers with data 1 cleared.
    const data1 = d[2]!;
    return {
      boot_device: DEVICE_BY_SELECTOR.get((d[3]! >> 2) & 0x0f) ?? null,
      persistent: (data1 & PERSISTENT) !== 0,
      efi: (data1 & EFI) !== 0,
    };
  },
};
