// The BIOS plugins: the highest-scoring available one runs (a vendor tool's plugin, registered
// here, would outrank the lab store). With none, the BIOS steps fail with a clear message.
import { parseBiosSettings } from '../../protocol/bios-settings.js';
import { labNvram } from './lab-nvram.js';
import type { BiosAttribute, BiosPlugin } from './plugin.js';
import { settingProblem } from './plugin.js';

export const BIOS_PLUGINS: BiosPlugin[] = [labNvram];

export async function choosePlugin(all = BIOS_PLUGINS): Promise<BiosPlugin> {
  const scored = await Promise.all(all.map(async (p) => ({ p, score: await p.evaluate() })));
  const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score)[0];
  if (!best) throw new Error(`no BIOS plugin can run on this machine (known: ${all.map((p) => p.name).join(', ')})`);
  return best.p;
}

/** The step's settings, checked as the API checked them (protocol/bios-settings.ts); values as text. */
export function parseSettings(raw: unknown): { name: string; value: string }[] {
  return parseBiosSettings(raw).map((s) => ({ name: s.name, value: String(s.value) }));
}

export async function applyConfiguration(args: Record<string, unknown>): Promise<{ plugin: string; settings: BiosAttribute[] }> {
  const settings = parseSettings(args.settings);
  const plugin = await choosePlugin();
  await plugin.apply(settings);
  return { plugin: plugin.name, settings: await plugin.getSettings() };
}

export async function factoryReset(): Promise<{ plugin: string; settings: BiosAttribute[] }> {
  const plugin = await choosePlugin();
  await plugin.factoryReset();
  return { plugin: plugin.name, settings: await plugin.getSettings() };
}

export async function biosSettings(): Promise<{ plugin: string; settings: BiosAttribute[] }> {
  const plugin = await choosePlugin();
  return { plugin: plugin.name, settings: await plugin.getSettings() };
}

export { settingProblem };
