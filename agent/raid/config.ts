// The part of Ironic's target_raid_config the agent's software RAID reads: each logical disk
// becomes one md array over whole disks. Partitioned layouts (several arrays sharing disks, as
// IPA builds them) are not supported yet and are refused with a message.
export const MD_LEVELS: Record<string, string> = { '0': '0', '1': '1', '5': '5', '6': '6', '10': '10', '1+0': '10' };
const MIN_DISKS: Record<string, number> = { '0': 2, '1': 2, '5': 3, '6': 4, '10': 4 };

export interface MdPlan {
  device: string;
  level: string;
  raid_level: string;
  disks: string[];
  size_kib: number | null;
  size_gb: number | 'MAX';
  is_root_volume: boolean;
  volume_name: string | null;
}

function physicalDisks(raw: unknown, i: number): string[] | null {
  if (raw === undefined) return null;
  if (!Array.isArray(raw)) throw new Error(`logical_disks[${i}].physical_disks must be a list`);
  return raw.map((d, j) => {
    const name = typeof d === 'string' ? d : (d as Record<string, unknown> | null)?.name;
    if (typeof name !== 'string' || !name.startsWith('/dev/'))
      throw new Error(`logical_disks[${i}].physical_disks[${j}] must be a device path such as /dev/sdb (or {"name": ...})`);
    return name;
  });
}

export function planArrays(config: unknown, allDisks: string[]): MdPlan[] {
  const lds = (config as { logical_disks?: unknown } | null)?.logical_disks;
  if (!Array.isArray(lds) || lds.length === 0) throw new Error('target_raid_config has no logical_disks');
  const used = new Set<string>();
  return lds.map((ld: Record<string, unknown>, i) => {
    const raid = String(ld.raid_level);
    const level = MD_LEVELS[raid];
    if (!level)
      throw new Error(`logical_disks[${i}]: raid_level ${raid} is not one software RAID builds (${Object.keys(MD_LEVELS).join(', ')})`);
    const disks = physicalDisks(ld.physical_disks, i) ?? (lds.length === 1 ? allDisks : null);
    if (!disks) throw new Error(`logical_disks[${i}] needs physical_disks when there are several logical disks`);
    if (disks.length < MIN_DISKS[level]!)
      throw new Error(`logical_disks[${i}]: RAID ${raid} needs at least ${MIN_DISKS[level]} disks, got ${disks.length}`);
    for (const d of disks) {
      if (used.has(d))
        throw new Error(
          `logical_disks[${i}]: ${d} is already in another logical disk; arrays sharing disks (partitioned software RAID) are not supported`,
        );
      used.add(d);
    }
    const size = ld.size_gb;
    if (size !== 'MAX' && (typeof size !== 'number' || size <= 0))
      throw new Error(`logical_disks[${i}].size_gb must be a positive number or "MAX"`);
    return {
      device: `/dev/md${i}`,
      level,
      raid_level: raid,
      disks,
      size_kib: size === 'MAX' ? null : Math.floor(size * 1024 * 1024),
      size_gb: size,
      is_root_volume: ld.is_root_volume === true,
      volume_name: typeof ld.volume_name === 'string' ? ld.volume_name : null,
    };
  });
}

/** md device → member devices, from /proc/mdstat ("md0 : active raid1 vdc[1] vdb[0]"). */
export function parseMdstat(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const m = /^(md\w+)\s*:\s*\w+(?:\s+\(\S+\))?\s+(?:raid\d+|linear|multipath)?\s*(.*)$/.exec(line);
    if (!m) continue;
    out[`/dev/${m[1]}`] = m[2]!
      .split(/\s+/)
      .filter((t) => /\[\d+\]/.test(t))
      .map((t) => `/dev/${t.replace(/\[.*$/, '')}`);
  }
  return out;
}
