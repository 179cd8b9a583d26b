// The memory machine's default inventory and every machine's initial state.
import crypto from 'node:crypto';
import { defaultBiosAttributes } from './bios-registry.js';
import type { SimMachineSpec, SimMachineState } from './types.js';

const GIB = 1024 ** 3;

export function defaultSpec(vendor: string, overrides: Partial<SimMachineSpec> = {}): SimMachineSpec {
  const serial = overrides.serialNumber ?? `SIM${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
  return {
    cpus: 2,
    coresPerCpu: 4,
    arch: 'x86-64',
    cpuModel: 'Tyr Lab Virtual CPU @ 2.40GHz',
    memoryMb: 8192,
    disks: [
      { id: 'Disk.0', capacityBytes: 480 * GIB, mediaType: 'SSD', serial: `${serial}-D0` },
      { id: 'Disk.1', capacityBytes: 2000 * GIB, mediaType: 'HDD', serial: `${serial}-D1` },
    ],
    nics: [randomMac(), randomMac()],
    manufacturer: vendor,
    model: 'Lab Server 1000',
    uuid: crypto.randomUUID(),
    ...overrides,
    serialNumber: serial,
  };
}

/** A locally administered unicast MAC (52:54:00 like QEMU's, so it reads as a lab machine). */
function randomMac(): string {
  const tail = [...crypto.randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'));
  return ['52', '54', '00', ...tail].join(':');
}

export function initialState(firmware: SimMachineSpec['firmware'] = { mode: 'UEFI', secureBoot: false }): SimMachineState {
  return {
    powerState: 'Off',
    bootOverride: { target: 'None', enabled: 'Disabled', mode: firmware.mode },
    lastBoot: null,
    boots: 0,
    nmis: 0,
    indicatorLed: 'Off',
    locationIndicatorActive: false,
    secureBootEnable: firmware.secureBoot,
    secureBootCurrentBoot: firmware.secureBoot,
    media: { inserted: false, image: null, writeProtected: true, bytes: 0 },
    bios: { attributes: defaultBiosAttributes(), pending: {} },
    volumes: [],
    firmware: { BMC: '1.00.0', BIOS: '2.10.0' },
  };
}
