// Checks of a manual clean request's hardware-operation steps, made when the request is
// accepted: a 400 before the node boots anything. BIOS settings are checked against the node's
// cached registry (from an earlier BIOS step) when there is one; without a cache the agent's
// plugin checks every setting before it writes the first. The checks themselves are protocol/'s,
// shared with the agent, so both sides judge a step alike.
import { InvalidParameterValue } from '../../errors.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { asBadRequest } from '../../shape-errors.js';
import { parseBiosSettings, type BiosAttribute } from '../../../protocol/bios-settings.js';
import { parseBmcFirmwareImages, parseFirmwareImages } from '../../../protocol/firmware-images.js';
import { HW_OP_STEPS, parsePairingGroup } from '../../../protocol/hw-op-steps.js';

// The request's steps, whose shape provisionArgsProblem (core/states/provision-args.ts) has checked.
type RawStep = { interface: string; step: string; args?: Record<string, unknown> };

function checkBiosSettings(settings: unknown, cached: Map<string, BiosAttribute>, at: string): void {
  if (!Array.isArray(settings) || settings.length === 0)
    throw new InvalidParameterValue(`${at}.args.settings must be a non-empty list of {"name": ..., "value": ...}.`);
  asBadRequest(() => parseBiosSettings(settings, cached), `${at} (bios apply_configuration) was refused, nothing was applied`);
}

export async function checkHardwareOpSteps(store: Store, node: Node, steps: unknown[]): Promise<void> {
  let cached: Map<string, BiosAttribute> | null = null;
  for (const [i, raw] of steps.entries()) {
    const s = raw as RawStep;
    const at = `clean_steps[${i}]`;
    const iface = s.interface;
    const known = HW_OP_STEPS[iface];
    if (iface === 'deploy' && s.step === 'burnin_network') asBadRequest(() => parsePairingGroup(s.args));
    if (!known) continue;
    if (!known.includes(s.step)) {
      throw new InvalidParameterValue(
        `${at}: the ${iface} interface has no clean step ${JSON.stringify(s.step)} (it has ${known.join(', ')}).`,
      );
    }
    if (iface === 'bios' && s.step === 'apply_configuration') {
      cached ??= new Map((await store.bios.list(node.id)).map((b) => [b.name, b as BiosAttribute]));
      checkBiosSettings(s.args?.settings, cached, at);
    }
    if (
      iface === 'raid' &&
      s.step === 'create_configuration' &&
      !Array.isArray((node.target_raid_config as { logical_disks?: unknown })?.logical_disks)
    ) {
      throw new InvalidParameterValue(
        `${at}: node ${node.uuid} has no target_raid_config; set one with PUT /v1/nodes/${node.uuid}/states/raid (API 1.12) first.`,
      );
    }
    if (iface === 'firmware') {
      // The agent downloads and checks the image, so it needs the checksum; a redfish BMC fetches
      // it itself and takes Ironic's {component, url}.
      const parse = node.firmware_interface === 'redfish' ? parseBmcFirmwareImages : parseFirmwareImages;
      asBadRequest(() => parse(s.args?.firmware_images ?? s.args?.settings, `${at}.args.firmware_images`));
    }
  }
}
