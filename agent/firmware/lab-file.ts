// TEST-ONLY: the lab's virtual machines have no firmware to flash. This plugin "flashes" a
// component by writing its version into a JSON file (the store), so a test can watch versions
// change end to end. It is available only where the lab stores are enabled (lab-store.ts: the
// tyr-lab-hwops ramdisk element keeps them on the VM's disk). It never touches hardware.
import fs from 'node:fs';
import { labStoreLocation, readLabStore, writeLabStore } from './lab-store.js';
import type { FirmwareUpdater } from './plugin.js';

const INITIAL: Record<string, string> = { bios: '1.0.0', bmc: '1.0.0' };

export const labFileUpdater: FirmwareUpdater = {
  name: 'lab-file',
  async available() {
    return labStoreLocation() !== null;
  },
  handles: () => true,
  async update(entry, file) {
    if (fs.statSync(file).size === 0) throw new Error(`firmware for ${entry.component}: the file is empty`);
    writeLabStore('firmware', { ...INITIAL, ...readLabStore('firmware'), [entry.component]: entry.version });
  },
  async versions() {
    return { ...INITIAL, ...(readLabStore('firmware') as Record<string, string>) };
  },
};
