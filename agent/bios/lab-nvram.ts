// TEST-ONLY: a file-based NVRAM store for the lab's virtual machines, which have no BIOS
// settings a tool could change. Settings live in the lab's `nvram` store (firmware/lab-store.ts:
// on the VM's disk in the lab ramdisk) over a fixed registry; available only where it is enabled.
import { labStoreLocation, readLabStore, writeLabStore } from '../firmware/lab-store.js';
import { settingProblem, type BiosAttribute, type BiosPlugin } from './plugin.js';

export const LAB_REGISTRY: readonly BiosAttribute[] = [
  {
    name: 'BootMode',
    value: 'Bios',
    attribute_type: 'Enumeration',
    allowed_values: ['Bios', 'Uefi'],
    read_only: false,
    reset_required: true,
  },
  {
    name: 'HyperThreading',
    value: 'Enabled',
    attribute_type: 'Enumeration',
    allowed_values: ['Enabled', 'Disabled'],
    read_only: false,
    reset_required: true,
  },
  {
    name: 'ProcVirtualization',
    value: 'Enabled',
    attribute_type: 'Enumeration',
    allowed_values: ['Enabled', 'Disabled'],
    read_only: false,
    reset_required: false,
  },
  {
    name: 'BootTimeoutSeconds',
    value: '5',
    attribute_type: 'Integer',
    lower_bound: 0,
    upper_bound: 300,
    read_only: false,
    reset_required: false,
  },
  { name: 'AssetTag', value: '', attribute_type: 'String', read_only: false, reset_required: false },
  { name: 'SystemSerial', value: 'LAB-0001', attribute_type: 'String', read_only: true, reset_required: false },
];

export const labNvram: BiosPlugin = {
  name: 'lab-nvram',
  async evaluate() {
    return labStoreLocation() !== null ? 1 : 0;
  },
  async getSettings() {
    const saved = readLabStore('nvram');
    return LAB_REGISTRY.map((a) => ({ ...a, value: typeof saved[a.name] === 'string' ? (saved[a.name] as string) : a.value }));
  },
  async apply(settings) {
    const current = await this.getSettings();
    const problems = settings
      .map((s) =>
        settingProblem(
          current.find((a) => a.name === s.name),
          s.name,
          s.value,
        ),
      )
      .filter(Boolean);
    if (problems.length > 0) throw new Error(`nothing was applied: ${problems.join('; ')}`);
    const saved = readLabStore('nvram');
    for (const s of settings) saved[s.name] = String(s.value);
    writeLabStore('nvram', saved);
  },
  async factoryReset() {
    writeLabStore('nvram', {});
  },
};
