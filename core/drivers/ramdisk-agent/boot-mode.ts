// The boot mode the instance will boot in, as Ironic's boot_mode_utils.get_boot_mode reads it:
// instance_info.deploy_boot_mode, then the boot_mode capability (instance_info, then
// properties), then the node's recorded boot_mode. Tyr's default is legacy BIOS, as its
// ipmitool management interface assumes (efiboot only for a node recorded as uefi).
import type { Node } from '../../db/types.js';

export type BootMode = 'uefi' | 'bios';

/** A capabilities value, "k1:v1,k2:v2" (Ironic's string form) or an object. */
function capability(capabilities: unknown, key: string): string | undefined {
  if (typeof capabilities === 'string') {
    for (const pair of capabilities.split(',')) {
      const [k, v] = pair.split(':', 2);
      if (k?.trim() === key && v !== undefined) return v.trim();
    }
    return undefined;
  }
  if (capabilities && typeof capabilities === 'object') {
    const v = (capabilities as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

export function targetBootMode(node: Pick<Node, 'instance_info' | 'properties' | 'boot_mode'>): BootMode {
  const found = [
    node.instance_info.deploy_boot_mode,
    capability(node.instance_info.capabilities, 'boot_mode'),
    capability(node.properties.capabilities, 'boot_mode'),
    node.boot_mode,
  ].find((v) => v === 'uefi' || v === 'bios');
  return found ?? 'bios';
}
