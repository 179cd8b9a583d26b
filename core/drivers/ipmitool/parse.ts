// Parsers for ipmitool's text output. Tested against output captured from ipmi_sim
// (test/unit/drivers/ipmitool-parse.test.ts).
import { HardwareError } from '../../errors.js';
import type { BootDevice } from '../interfaces/management.js';
import type { PowerState } from '../interfaces/power.js';

/** `power status` → "Chassis Power is on|off". */
export function parsePowerStatus(stdout: string): PowerState {
  const m = /Chassis Power is (on|off)/i.exec(stdout);
  if (!m) throw new HardwareError(`Unexpected output of ipmitool power status: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  return m[1]!.toLowerCase() === 'on' ? 'power on' : 'power off';
}

// ipmitool's names for the boot device selector (IPMI spec table 28-14, parameter 5 data 2).
const SELECTORS: [RegExp, BootDevice | null][] = [
  [/Force PXE/i, 'pxe'],
  [/Force Boot from default Hard-Drive/i, 'disk'],
  [/Force Boot from CD\/DVD/i, 'cdrom'],
  [/Force Boot into BIOS Setup/i, 'bios'],
  [/Force Boot from default Hard-Drive, request Safe-Mode/i, 'safe'],
  [/No override/i, null],
];

export interface BootParam {
  boot_device: BootDevice | null;
  persistent: boolean | null;
  efi: boolean | null;
}

/** `chassis bootparam get 5` → the boot device, persistence and EFI flag. */
export function parseBootParam(stdout: string): BootParam {
  const selector = /Boot Device Selector\s*:\s*(.+)/i.exec(stdout)?.[1]?.trim();
  if (selector === undefined) {
    throw new HardwareError(`Unexpected output of ipmitool chassis bootparam get 5: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  }
  // The safe-mode name contains the disk name, so the longest match wins.
  const hits = SELECTORS.filter(([re]) => re.test(selector));
  hits.sort((a, b) => b[0].source.length - a[0].source.length);
  const boot_device = hits.length ? hits[0]![1] : null;
  const persistent = /Options apply to all future boots/i.test(stdout)
    ? true
    : /Options apply to only next boot/i.test(stdout)
      ? false
      : null;
  const efi = /BIOS EFI boot/i.test(stdout) ? true : /BIOS PC Compatible \(legacy\) boot/i.test(stdout) ? false : null;
  return { boot_device, persistent, efi };
}

/** `ipmitool raw` → the response data bytes (" 20 01 00 48" over one or more lines). */
export function parseRawHex(stdout: string): Buffer {
  const words = stdout.trim().split(/\s+/).filter(Boolean);
  if (!words.every((w) => /^[0-9a-f]{2}$/i.test(w))) {
    throw new HardwareError(`Unexpected output of ipmitool raw: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  }
  return Buffer.from(words.map((w) => parseInt(w, 16)));
}
