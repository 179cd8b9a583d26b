// update_firmware: for each {component, url, checksum, version}: download, verify, flash through
// the chosen plugin. Versions are read before and after; the result lists each component with
// both, which the conductor stores as the node's firmware components.
import fs from 'node:fs';
import path from 'node:path';
import { log } from '../log.js';
import { parseFirmwareImages } from '../../protocol/firmware-images.js';
import type { FirmwareEntry } from './plugin.js';
import { availableUpdaters, chooseUpdater } from './registry.js';
import { downloadVerified } from './download.js';
import { currentVersions } from './versions.js';

/** The step's images, checked as the API checked them (protocol/firmware-images.ts). */
export function parseEntries(raw: unknown): FirmwareEntry[] {
  return parseFirmwareImages(raw);
}

export async function updateFirmware(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = parseEntries(args.firmware_images ?? args.settings);
  const allowed = Array.isArray(args.allowed_commands) ? (args.allowed_commands as string[]) : [];
  const before = await currentVersions(await availableUpdaters());
  const flashed: Record<string, string> = {};
  for (const entry of entries) {
    const updater = await chooseUpdater(entry);
    const file = await downloadVerified(entry.url, entry.checksum, entry.component);
    log.info(`update_firmware: ${entry.component} → ${entry.version} with ${updater.name}`);
    try {
      await updater.update(entry, file, { allowedCommands: allowed });
    } finally {
      // The ramdisk's /tmp is RAM: do not keep firmware files around.
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    flashed[entry.component] = entry.version;
  }
  const after = await currentVersions(await availableUpdaters());
  const names = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(flashed)])].sort();
  const components = names.map((component) => ({
    component,
    initial_version: before[component] ?? null,
    current_version: after[component] ?? flashed[component] ?? null,
    last_version_flashed: flashed[component] ?? null,
  }));
  return { components };
}
