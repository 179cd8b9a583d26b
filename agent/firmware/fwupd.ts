// The generic updater: fwupd with LVFS cabinet files (`fwupdmgr install <cab>`), and the
// versions `fwupdmgr get-devices --json` reports. The Debian ramdisk does not carry fwupd (its
// daemon and D-Bus would double the ramdisk); a vendor ramdisk that adds it gets this plugin.
import { run, tryRun } from '../exec.js';
import type { FirmwareEntry, FirmwareUpdater } from './plugin.js';

interface FwupdDevice {
  Name?: string;
  Version?: string;
  Guid?: string[];
  Plugin?: string;
  DeviceId?: string;
}

/** Component name → version from `fwupdmgr get-devices --json` ({"Devices": [...]}). */
export function parseFwupdDevices(text: string): Record<string, string> {
  const doc = JSON.parse(text) as { Devices?: FwupdDevice[] };
  const out: Record<string, string> = {};
  for (const d of doc.Devices ?? []) {
    if (!d.Name || !d.Version) continue;
    out[fwupdComponent(d)] = d.Version;
  }
  return out;
}

/** The system firmware is "bios" (Ironic's component name); other devices keep their name. */
function fwupdComponent(d: FwupdDevice): string {
  if (d.Plugin === 'uefi_capsule' && /system firmware/i.test(d.Name ?? '')) return 'bios';
  return d.Name!;
}

export const fwupdUpdater: FirmwareUpdater = {
  name: 'fwupd',
  async available() {
    return (await tryRun('fwupdmgr', ['--version'], 10_000)) !== null;
  },
  handles: (entry: FirmwareEntry) => entry.url.endsWith('.cab'),
  async update(entry, file) {
    await run('fwupdmgr', ['install', file, '--no-reboot-check', '--assume-yes', '--allow-reinstall', '--allow-older'], 3600_000);
  },
  async versions() {
    const text = await tryRun('fwupdmgr', ['get-devices', '--json'], 60_000);
    return text ? parseFwupdDevices(text) : {};
  },
};
