// After the agent built software RAID, the deploy writes the image to the root volume: the
// logical disk with is_root_volume (or the only one) names its md device in root_device_hint.
// Explicit hints (properties.root_device, instance_info.root_device) still win.
// Booting from that volume is out of scope: see core/drivers/ramdisk-agent/README-raid.md.
import type { JsonObject, Node } from '../../db/types.js';

export function raidRootHint(node: Pick<Node, 'raid_config'>): JsonObject | undefined {
  const lds = (node.raid_config as { logical_disks?: JsonObject[] } | null)?.logical_disks;
  if (!Array.isArray(lds) || lds.length === 0) return undefined;
  const root = lds.find((ld) => ld.is_root_volume === true) ?? (lds.length === 1 ? lds[0] : undefined);
  const hint = root?.root_device_hint as JsonObject | undefined;
  return hint && typeof hint === 'object' && typeof hint.name === 'string' ? { name: hint.name } : undefined;
}
