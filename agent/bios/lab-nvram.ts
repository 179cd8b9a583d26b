// TEST-ONLY: a file-based NVRAM store for the lab's virtual machines, which have no BIOS
// settings a tool could change. Settings live in <lab store dir>/nvram.json over a fixed
// registry; available only where the lab stores are enabled (see firmware/lab-file.ts).
import path from 'node:path';
import { labStoreDir, readJsonStore, writeJsonStore } from '../firmware/lab-file.js';
import { settingProblem, type BiosAttribute, type BiosPlugin } from './plugin.js';

export const LAB_REGISTRY: readonly BiosAttribute[] = [
  { name: 'BootMode', value: 'Bios', attribute_type: 'Enumeration', allowed_values: ['Bios', 'Uefi'], read_only: false, reset_required: true },
  { name: 'HyperThreading', value: 'Enabled', attribute_type: 'Enumeration', allowed_values: ['Enabled', 'Disabled'], read_only: false, reset_required: true },
  { name: 'ProcVirtualization', value: 'Enabled', attribute_type: 'Enumeration', allowed_values: ['Enabled', 'Disabled'], read_only: false, reset_required: false },
  { name: 'BootTimeoutSeconds', value: '5', attribute_type: 'Integer', lower_bound: 0, upper_bound: 300, read_only: false, reset_required: false },
  { name: 'AssetTag', value: '', attribute_type: 'String', read_only: false, reset_required: false },
  { name: 'SystemSerial', value: 'LAB-0001', attribute_type: 'String', read_only: true, reset_required: false },
];

const file = () => path.join(labStoreDir() ?? '/nonexistent', 'nvram.json');

export const labNvram: BiosPlugin = {
  name: 'lab-nvram',
  async evaluate() {
    return labStoreDir() !== null ? 1 : 0;
  },
  async getSettings() {
    const saved = readJsonStore(file());
    return LAB_REGISTRY.map((a) => ({ ...a, value: typeof saved[a.name] === 'string' ? (saved[a.name] as string) : a.value }));
  },
  async apply(settings) {
    const current = await this.getSettings();
    const problems = settings.map((s) => settingProblem(current.find((a) => a.name === s.name), s.name, s.value)).filter(Boolean);
    if (problems.length > 0) throw new Error(`nothing was applied: ${problems.join('; ')}`);
    const saved = readJsonStore(file());
    for (const s of settings) saved[s.name] = String(s.value);
    writeJsonStore(file(), saved);
  },
  async factoryReset() {
    writeJsonStore(file(), {});
  },
};
