// TEST-ONLY: the lab's virtual machines have no firmware to flash. This plugin "flashes" a
// component by writing its version into a JSON file (the store), so a test can watch versions
// change end to end. It is available only where the store is enabled: the tyr-lab-hwops ramdisk
// element installs /etc/tyr-agent/lab-hwops, or TYR_AGENT_LAB_HWOPS_DIR names a directory
// (tests on a host). It never touches hardware.
import fs from 'node:fs';
import path from 'node:path';
import type { FirmwareUpdater } from './plugin.js';

export const LAB_MARKER = '/etc/tyr-agent/lab-hwops';

/** The directory of the lab stores, or null when they are not enabled on this machine. */
export function labStoreDir(): string | null {
  if (process.env.TYR_AGENT_LAB_HWOPS_DIR) return process.env.TYR_AGENT_LAB_HWOPS_DIR;
  if (!fs.existsSync(LAB_MARKER)) return null;
  const dir = fs.readFileSync(LAB_MARKER, 'utf8').trim() || '/var/lib/tyr-lab';
  return dir;
}

export function readJsonStore(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function writeJsonStore(file: string, data: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.new`, `${JSON.stringify(data, null, 1)}\n`);
  fs.renameSync(`${file}.new`, file);
}

const store = () => path.join(labStoreDir() ?? '/nonexistent', 'firmware.json');
const INITIAL: Record<string, string> = { bios: '1.0.0', bmc: '1.0.0' };

export const labFileUpdater: FirmwareUpdater = {
  name: 'lab-file',
  async available() {
    return labStoreDir() !== null;
  },
  handles: () => true,
  async update(entry, file) {
    if (fs.statSync(file).size === 0) throw new Error(`firmware for ${entry.component}: the file is empty`);
    writeJsonStore(store(), { ...INITIAL, ...readJsonStore(store()), [entry.component]: entry.version });
  },
  async versions() {
    return { ...INITIAL, ...(readJsonStore(store()) as Record<string, string>) };
  },
};
