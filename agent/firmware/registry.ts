// The firmware updater plugins, in order of preference: a named `updater` wins; otherwise the
// first available plugin that handles the entry. The lab plugin (TEST-ONLY) comes first where
// its store is enabled, so a lab machine never reaches a real flashing tool.
import { commandUpdater } from './command.js';
import { fwupdUpdater } from './fwupd.js';
import { labFileUpdater } from './lab-file.js';
import type { FirmwareEntry, FirmwareUpdater } from './plugin.js';

export const FIRMWARE_UPDATERS: FirmwareUpdater[] = [labFileUpdater, commandUpdater, fwupdUpdater];

export async function availableUpdaters(all = FIRMWARE_UPDATERS): Promise<FirmwareUpdater[]> {
  const flags = await Promise.all(all.map((u) => u.available()));
  return all.filter((_, i) => flags[i]);
}

export async function chooseUpdater(entry: FirmwareEntry, all = FIRMWARE_UPDATERS): Promise<FirmwareUpdater> {
  const available = await availableUpdaters(all);
  if (entry.updater) {
    const named = available.find((u) => u.name === entry.updater);
    if (!named)
      throw new Error(
        `firmware for ${entry.component}: updater ${entry.updater} is not available on this machine (available: ${available.map((u) => u.name).join(', ') || 'none'})`,
      );
    return named;
  }
  const found = available.find((u) => u.handles(entry));
  if (!found)
    throw new Error(
      `firmware for ${entry.component}: no updater handles ${entry.url} (available: ${available.map((u) => u.name).join(', ') || 'none'}); name one with "updater"`,
    );
  return found;
}
