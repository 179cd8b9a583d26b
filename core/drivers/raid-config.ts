// Ironic's target_raid_config schema, checked before a configuration is stored (PUT
// /v1/nodes/{id}/states/raid) so every mistake is a 400 naming the field. Shared by the API and
// the RAID interfaces' validateRaidConfig.
import { asText } from '../as-text.js';
import { InvalidParameterValue } from '../errors.js';

export const RAID_LEVELS = ['0', '1', '2', '5', '6', '1+0', '5+0', '6+0', 'JBOD', '10'] as const;
const KNOWN = new Set([
  'size_gb',
  'raid_level',
  'volume_name',
  'is_root_volume',
  'share_physical_disks',
  'disk_type',
  'interface_type',
  'number_of_physical_disks',
  'controller',
  'physical_disks',
]);

function bad(where: string, what: string): never {
  throw new InvalidParameterValue(`Invalid target_raid_config: ${where} ${what}.`);
}

export function checkRaidConfig(config: unknown): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) bad('the body', 'must be an object {"logical_disks": [...]}');
  const extra = Object.keys(config).filter((k) => k !== 'logical_disks');
  if (extra.length > 0) bad('the body', `has unknown keys ${extra.join(', ')} (only "logical_disks")`);
  const lds = (config as { logical_disks?: unknown }).logical_disks;
  if (!Array.isArray(lds) || lds.length === 0) bad('"logical_disks"', 'must be a non-empty list');
  let roots = 0;
  lds.forEach((ld: unknown, i) => {
    const at = `logical_disks[${i}]`;
    if (typeof ld !== 'object' || ld === null || Array.isArray(ld)) bad(at, 'must be an object');
    const d = ld as Record<string, unknown>;
    const unknown = Object.keys(d).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) bad(at, `has unknown keys ${unknown.join(', ')}`);
    if (d.size_gb === undefined) bad(`${at}.size_gb`, 'is required (a number of GiB or "MAX")');
    if (d.size_gb !== 'MAX' && (typeof d.size_gb !== 'number' || !(d.size_gb > 0)))
      bad(`${at}.size_gb`, `must be a positive number or "MAX", got ${JSON.stringify(d.size_gb)}`);
    if (d.raid_level === undefined) bad(`${at}.raid_level`, `is required (one of ${RAID_LEVELS.join(', ')})`);
    if (!(RAID_LEVELS as readonly string[]).includes(asText(d.raid_level)) || typeof d.raid_level === 'object') {
      bad(`${at}.raid_level`, `must be one of ${RAID_LEVELS.join(', ')}, got ${JSON.stringify(d.raid_level)}`);
    }
    for (const k of ['is_root_volume', 'share_physical_disks']) {
      if (d[k] !== undefined && typeof d[k] !== 'boolean') bad(`${at}.${k}`, 'must be true or false');
    }
    if (d.is_root_volume === true) roots += 1;
    for (const k of ['volume_name', 'controller']) {
      if (d[k] !== undefined && typeof d[k] !== 'string') bad(`${at}.${k}`, 'must be a string');
    }
    if (d.disk_type !== undefined && !['hdd', 'ssd'].includes(asText(d.disk_type))) bad(`${at}.disk_type`, 'must be "hdd" or "ssd"');
    if (d.interface_type !== undefined && !['sata', 'scsi', 'sas'].includes(asText(d.interface_type)))
      bad(`${at}.interface_type`, 'must be "sata", "scsi" or "sas"');
    if (
      d.number_of_physical_disks !== undefined &&
      (!Number.isInteger(d.number_of_physical_disks) || (d.number_of_physical_disks as number) < 1)
    ) {
      bad(`${at}.number_of_physical_disks`, 'must be a positive integer');
    }
    if (d.physical_disks !== undefined && (!Array.isArray(d.physical_disks) || d.physical_disks.length === 0))
      bad(`${at}.physical_disks`, 'must be a non-empty list');
  });
  if (roots > 1) bad('"logical_disks"', `has ${roots} root volumes; at most one may have "is_root_volume": true`);
}

/**
 * What a logical disk of target_raid_config may say (GET /v1/drivers/{d}/raid/logical_disk_properties),
 * the keys checkRaidConfig accepts, each with whether it is required.
 */
export const LOGICAL_DISK_PROPERTIES: Readonly<Record<string, string>> = {
  raid_level: `RAID level of the logical disk: one of ${RAID_LEVELS.join(', ')}. Required.`,
  size_gb: 'Size of the logical disk in GiB (an integer), or "MAX" for all the space that is left. Required.',
  volume_name: 'Name of the volume to create; generated when absent. Optional.',
  is_root_volume: 'Whether the instance image goes on this logical disk (false when absent). Optional.',
  share_physical_disks: 'Whether other logical disks may use the same physical disks (false when absent). Optional.',
  disk_type: 'Preferred kind of physical disk: "hdd" or "ssd"; any when absent. Optional.',
  interface_type: 'Preferred physical disk interface: "sata", "scsi" or "sas"; any when absent. Optional.',
  number_of_physical_disks: 'How many physical disks to use; the fewest the RAID level needs when absent. Optional.',
  controller: 'RAID controller to create the logical disk on; chosen by the driver when absent. Optional.',
  physical_disks: 'List of the physical disks to use (needs "controller"); chosen by the driver when absent. Optional.',
};
