// Checks of a manual clean request's hardware-operation steps, made when the request is
// accepted: a 400 before the node boots anything. BIOS settings are checked against the node's
// cached registry (from an earlier BIOS step) when there is one; without a cache the agent's
// plugin checks every setting before it writes the first.
import { InvalidParameterValue } from '../../errors.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { pairingGroup } from '../../conductor/agent/burnin-pairing.js';
import { HW_OP_STEPS } from '../../conductor/agent/hw-ops-steps.js';
// A pure function shared with the agent's BIOS plugins, so both sides judge a value alike.
import { settingProblem } from '../../../agent/bios/plugin.js';

type RawStep = { interface?: unknown; step?: unknown; args?: Record<string, unknown> };

function checkBiosSettings(settings: unknown, cached: Map<string, Parameters<typeof settingProblem>[0]>, at: string): void {
  if (!Array.isArray(settings) || settings.length === 0) throw new InvalidParameterValue(`${at}.args.settings must be a non-empty list of {"name": ..., "value": ...}.`);
  const problems: string[] = [];
  settings.forEach((s: { name?: unknown; value?: unknown }, i) => {
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string' || s.value === undefined || s.value === null || typeof s.value === 'object') {
      problems.push(`settings[${i}] must be {"name": <string>, "value": <string or number>}`);
    } else if (cached.size > 0) {
      const p = settingProblem(cached.get(s.name), s.name, s.value);
      if (p) problems.push(p);
    }
  });
  if (problems.length > 0) throw new InvalidParameterValue(`${at} (bios apply_configuration) was refused, nothing was applied: ${problems.join('; ')}.`);
}

function checkFirmwareImages(images: unknown, at: string): void {
  if (!Array.isArray(images) || images.length === 0) throw new InvalidParameterValue(`${at}.args.firmware_images must be a non-empty list of {component, url, checksum, version}.`);
  images.forEach((e: Record<string, unknown>, i) => {
    for (const k of ['component', 'url', 'checksum', 'version']) {
      if (typeof e?.[k] !== 'string' || e[k] === '') throw new InvalidParameterValue(`${at}.args.firmware_images[${i}].${k} must be a non-empty string.`);
    }
    if (!/^https?:\/\//.test(String(e.url))) throw new InvalidParameterValue(`${at}.args.firmware_images[${i}].url must be an http(s) URL the ramdisk can download.`);
  });
}

export async function checkHardwareOpSteps(store: Store, node: Node, steps: unknown[]): Promise<void> {
  let cached: Map<string, Parameters<typeof settingProblem>[0]> | null = null;
  for (const [i, raw] of steps.entries()) {
    const s = raw as RawStep;
    const at = `clean_steps[${i}]`;
    const iface = String(s?.interface ?? '');
    const known = HW_OP_STEPS[iface];
    if (iface === 'deploy' && s.step === 'burnin_network') pairingGroup(s.args as never);
    if (!known) continue;
    if (!known.includes(String(s.step))) {
      throw new InvalidParameterValue(`${at}: the ${iface} interface has no clean step ${JSON.stringify(s.step)} (it has ${known.join(', ')}).`);
    }
    if (iface === 'bios' && s.step === 'apply_configuration') {
      cached ??= new Map((await store.bios.list(node.id)).map((b) => [b.name, b as Parameters<typeof settingProblem>[0]]));
      checkBiosSettings(s.args?.settings, cached, at);
    }
    if (iface === 'raid' && s.step === 'create_configuration' && !Array.isArray((node.target_raid_config as { logical_disks?: unknown })?.logical_disks)) {
      throw new InvalidParameterValue(`${at}: node ${node.uuid} has no target_raid_config; set one with PUT /v1/nodes/${node.uuid}/states/raid (API 1.12) first.`);
    }
    if (iface === 'firmware') checkFirmwareImages(s.args?.firmware_images ?? s.args?.settings, at);
  }
}
