// The inventory of a lab VM, read from the node's qemu.conf (written by lab.ts: shell variables
// in single quotes) and the sizes of its disk files, so Redfish reports the VM's real make-up.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SimMachineSpec } from './types.js';

export interface QemuConf {
  memoryMb: number;
  cpus: number;
  mac: string;
  disk: string;
  extraMacs: string[];
  extraDisks: string[];
  /** QEMU_FIRMWARE: bios (SeaBIOS), uefi or uefi-secure (OVMF); absent in labs before UEFI. */
  firmware?: string;
}

/** KEY='value' lines, with the '\'' escape lab.ts writes for quotes. */
function shellVars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    const raw = m[2];
    vars.set(m[1], raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw);
  }
  return vars;
}

export function readQemuConf(dir: string): QemuConf {
  const file = path.join(dir, 'qemu.conf');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: qemu mode needs a lab node directory made by lab.ts (npm run lab -- up)`);
  const vars = shellVars(fs.readFileSync(file, 'utf8'));
  const need = (key: string): string => {
    const value = vars.get(key);
    if (!value) throw new Error(`${file} has no ${key}`);
    return value;
  };
  const list = (key: string) => (vars.get(key) ?? '').split(/\s+/).filter(Boolean);
  return {
    memoryMb: Number(need('QEMU_MEM')),
    cpus: Number(need('QEMU_CPUS')),
    mac: need('QEMU_MAC').toLowerCase(),
    disk: need('QEMU_DISK'),
    extraMacs: list('QEMU_EXTRA_MACS').map((m) => m.toLowerCase()),
    extraDisks: list('QEMU_EXTRA_DISKS'),
    ...(vars.has('QEMU_FIRMWARE') ? { firmware: vars.get('QEMU_FIRMWARE') } : {}),
  };
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

export function specFromQemuConf(dir: string, vendor: string): SimMachineSpec {
  const conf = readQemuConf(dir);
  const name = path.basename(path.resolve(dir));
  // Stable across sim restarts: derived from the node directory's name.
  const hash = crypto.createHash('sha256').update(name).digest('hex');
  return {
    cpus: 1,
    coresPerCpu: conf.cpus,
    arch: 'x86-64',
    cpuModel: 'QEMU TCG Virtual CPU',
    memoryMb: conf.memoryMb,
    // The disk ids follow QEMU's device order: the boot disk, then extra-1, extra-2, ...
    disks: [conf.disk, ...conf.extraDisks].map((file, i) => ({
      id: `Disk.${i}`,
      capacityBytes: sizeOf(file),
      mediaType: 'HDD' as const,
      serial: i === 0 ? `${name}-disk0` : `extra-${i}`,
    })),
    nics: [conf.mac, ...conf.extraMacs],
    manufacturer: vendor,
    model: 'QEMU lab machine',
    serialNumber: `LAB-${name}`,
    // What the VM's firmware really is: SeaBIOS boots Legacy, OVMF UEFI (Secure Boot with the
    // secboot build); a lab from before QEMU_FIRMWARE keeps the sim's default.
    ...(conf.firmware
      ? { firmware: { mode: conf.firmware === 'bios' ? 'Legacy' : 'UEFI', secureBoot: conf.firmware === 'uefi-secure' } }
      : {}),
    uuid: [hash.slice(0, 8), hash.slice(8, 12), `4${hash.slice(13, 16)}`, `8${hash.slice(17, 20)}`, hash.slice(20, 32)].join('-'),
  };
}
