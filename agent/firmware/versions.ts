// Current firmware versions: the system firmware (bios) from DMI through systeminformation, then
// what each available plugin reports (fwupd's devices, the lab store), later sources winning.
import si from 'systeminformation';
import type { FirmwareUpdater } from './plugin.js';

export async function currentVersions(updaters: FirmwareUpdater[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const bios = await si.bios().catch(() => null);
  if (bios?.version && bios.version.trim() !== '') out.bios = bios.version.trim();
  for (const u of updaters) Object.assign(out, (await u.versions?.().catch(() => ({}))) ?? {});
  return out;
}
