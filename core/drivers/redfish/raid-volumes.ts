// RAID as pure functions over Redfish JSON: Ironic's raid levels ↔ Redfish RAIDType, what a
// controller (Storage.StorageControllers[].SupportedRAIDTypes) can build, the drives each
// logical disk of a target_raid_config gets, the POST body of each volume, and the raid_config
// Ironic reports from the volumes built.
import { InvalidParameterValue } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import { linkAt, linkOf, list, memberPaths, num, str } from './resource-fields.js';

const GiB = 2 ** 30;

export const RAID_TYPE_OF: Readonly<Record<string, string>> = {
  '0': 'RAID0',
  '1': 'RAID1',
  '5': 'RAID5',
  '6': 'RAID6',
  '1+0': 'RAID10',
  '10': 'RAID10',
  '5+0': 'RAID50',
  '6+0': 'RAID60',
};
const LEVEL_OF: Readonly<Record<string, string>> = {
  RAID0: '0',
  RAID1: '1',
  RAID5: '5',
  RAID6: '6',
  RAID10: '1+0',
  RAID50: '5+0',
  RAID60: '6+0',
};

/** The fewest drives each RAIDType needs, and the usable bytes over n drives of `min` bytes. */
const GEOMETRY: Readonly<Record<string, { minDrives: number; usable: (n: number, min: number) => number }>> = {
  RAID0: { minDrives: 1, usable: (n, min) => n * min },
  RAID1: { minDrives: 2, usable: (_n, min) => min },
  RAID5: { minDrives: 3, usable: (n, min) => (n - 1) * min },
  RAID6: { minDrives: 4, usable: (n, min) => (n - 2) * min },
  RAID10: { minDrives: 4, usable: (n, min) => Math.floor(n / 2) * min },
  RAID50: { minDrives: 6, usable: (n, min) => (n - 2) * min },
  RAID60: { minDrives: 8, usable: (n, min) => (n - 4) * min },
};

export function raidLevelOf(raidType: string | null): string | null {
  return raidType ? (LEVEL_OF[raidType] ?? null) : null;
}

/** One Storage subsystem as RAID sees it. */
export interface RaidStorage {
  path: string;
  id: string;
  /** The controllers' names and Ids, any of which a logical disk's "controller" may name. */
  names: string[];
  raidTypes: string[];
  drives: JsonObject[];
  volumesPath: string | null;
}

export function raidStorage(storage: JsonObject, drives: JsonObject[]): RaidStorage {
  const controllers = list(storage, 'StorageControllers').filter((c): c is JsonObject => typeof c === 'object' && c !== null);
  const names = [str(storage, 'Id'), str(storage, 'Name'), ...controllers.flatMap((c) => [str(c, 'Name'), str(c, 'MemberId')])];
  return {
    path: str(storage, '@odata.id') ?? '',
    id: str(storage, 'Id') ?? '',
    names: names.filter((n): n is string => n !== null),
    raidTypes: [...new Set(controllers.flatMap((c) => list(c, 'SupportedRAIDTypes').filter((t): t is string => typeof t === 'string')))],
    drives,
    volumesPath: linkAt(storage, 'Volumes'),
  };
}

export interface LogicalDisk {
  size_gb: number | 'MAX';
  raid_level: string;
  volume_name?: string;
  is_root_volume?: boolean;
  share_physical_disks?: boolean;
  disk_type?: 'hdd' | 'ssd';
  interface_type?: 'sata' | 'scsi' | 'sas';
  number_of_physical_disks?: number;
  controller?: string;
  physical_disks?: string[];
}

/** The drive a physical_disks entry names: its Id, Name, SerialNumber or @odata.id. */
function driveNamed(drives: JsonObject[], name: string): JsonObject | undefined {
  return drives.find((d) => [str(d, 'Id'), str(d, 'Name'), str(d, 'SerialNumber'), str(d, '@odata.id')].includes(name));
}

function fitsPreferences(d: JsonObject, ld: LogicalDisk): boolean {
  if (ld.disk_type && str(d, 'MediaType') !== (ld.disk_type === 'ssd' ? 'SSD' : 'HDD')) return false;
  const protocol = str(d, 'Protocol');
  return !ld.interface_type || protocol === null || protocol.toLowerCase() === ld.interface_type;
}

/** The Storage subsystems that could build `ld`: the one it names, else every one that supports its RAID type. */
function candidates(storages: RaidStorage[], ld: LogicalDisk, at: string): RaidStorage[] {
  const raidType = RAID_TYPE_OF[ld.raid_level];
  if (!raidType)
    throw new InvalidParameterValue(
      `${at}.raid_level ${ld.raid_level} has no Redfish RAID type (${Object.keys(RAID_TYPE_OF).join(', ')} have).`,
    );
  const named = ld.controller ? storages.filter((s) => s.names.includes(ld.controller!)) : storages;
  if (ld.controller && named.length === 0) {
    throw new InvalidParameterValue(
      `${at}.controller ${JSON.stringify(ld.controller)} is not a RAID controller of this node (it has ${storages.map((s) => s.names[0]).join(', ') || 'none'}).`,
    );
  }
  const able = named.filter((s) => s.raidTypes.includes(raidType));
  if (able.length === 0) {
    const offered = [...new Set(named.flatMap((s) => s.raidTypes.map((t) => LEVEL_OF[t] ?? t)))];
    throw new InvalidParameterValue(
      `${at}.raid_level ${ld.raid_level} (${raidType}) is not supported by the node's RAID controller${named.length > 1 ? 's' : ''}; supported levels: ${offered.join(', ') || 'none'}.`,
    );
  }
  return able;
}

/** One volume to create: where, its POST body, and the logical disk it comes from. */
export interface VolumePlan {
  storage: RaidStorage;
  logicalDisk: LogicalDisk;
  body: JsonObject;
}

/**
 * Where each logical disk goes and on which drives. Sized disks come first and "MAX" ones last
 * (Ironic's order), each on drives no earlier volume took unless both share_physical_disks.
 * Every problem is an InvalidParameterValue naming logical_disks[i] and what to change.
 */
export function planVolumes(storages: RaidStorage[], logicalDisks: LogicalDisk[]): VolumePlan[] {
  const order = logicalDisks.map((ld, i) => ({ ld, i })).sort((a, b) => Number(a.ld.size_gb === 'MAX') - Number(b.ld.size_gb === 'MAX'));
  const taken = new Map<string, boolean>(); // drive path → whether its volume shares
  const plans: VolumePlan[] = [];
  for (const { ld, i } of order) {
    const at = `logical_disks[${i}]`;
    const raidType = RAID_TYPE_OF[ld.raid_level]!;
    const problems: string[] = [];
    let planned: VolumePlan | null = null;
    for (const storage of candidates(storages, ld, at)) {
      const free = (d: JsonObject) => {
        const owner = taken.get(str(d, '@odata.id') ?? '');
        return owner === undefined || (owner && ld.share_physical_disks === true);
      };
      let drives: JsonObject[];
      if (ld.physical_disks) {
        const found = ld.physical_disks.map((n) => driveNamed(storage.drives, n));
        const missing = ld.physical_disks.filter((_n, k) => !found[k]);
        if (missing.length > 0) {
          problems.push(
            `${at}.physical_disks ${missing.join(', ')} are not drives of ${storage.names[0]} (it has ${storage.drives.map((d) => str(d, 'Id')).join(', ')})`,
          );
          continue;
        }
        drives = found as JsonObject[];
        const busy = drives.filter((d) => !free(d));
        if (busy.length > 0) {
          problems.push(`${at}.physical_disks ${busy.map((d) => str(d, 'Id')).join(', ')} already hold another logical disk`);
          continue;
        }
      } else {
        const want = ld.number_of_physical_disks ?? GEOMETRY[raidType]!.minDrives;
        const usable = storage.drives.filter((d) => free(d) && fitsPreferences(d, ld));
        if (usable.length < want) {
          problems.push(
            `${at} needs ${want} free drive(s)${ld.disk_type || ld.interface_type ? ' of the asked type' : ''} on ${storage.names[0]}, which has ${usable.length}`,
          );
          continue;
        }
        drives = usable.slice(0, want);
      }
      if (drives.length < GEOMETRY[raidType]!.minDrives) {
        problems.push(`${at}: ${raidType} needs at least ${GEOMETRY[raidType]!.minDrives} drives, ${drives.length} given`);
        continue;
      }
      const minBytes = Math.min(...drives.map((d) => num(d, 'CapacityBytes') ?? 0));
      const maxBytes = GEOMETRY[raidType]!.usable(drives.length, minBytes);
      const bytes = ld.size_gb === 'MAX' ? maxBytes : Math.round(ld.size_gb * GiB);
      if (bytes > maxBytes) {
        problems.push(
          `${at}.size_gb ${ld.size_gb} is more than ${raidType} over ${drives.length} drive(s) of ${storage.names[0]} can hold (${Math.floor(maxBytes / GiB)} GiB)`,
        );
        continue;
      }
      for (const d of drives) taken.set(str(d, '@odata.id') ?? '', ld.share_physical_disks === true);
      planned = {
        storage,
        logicalDisk: ld,
        body: {
          ...(ld.volume_name ? { Name: ld.volume_name } : {}),
          RAIDType: raidType,
          CapacityBytes: bytes,
          Links: { Drives: drives.map((d) => ({ '@odata.id': str(d, '@odata.id') })) },
        },
      };
      break;
    }
    if (!planned) throw new InvalidParameterValue(`Invalid target_raid_config for this node: ${problems.join('; ')}.`);
    plans.push(planned);
  }
  return plans;
}

/** The raid_config Ironic reports: one logical disk per volume built, with where it lives. */
export function raidConfigFrom(built: { plan: VolumePlan; volume: JsonObject }[]): JsonObject {
  return {
    logical_disks: built.map(({ plan, volume }) => {
      const drives = memberPaths(volume.Links as JsonObject | undefined, 'Drives');
      const driveIds = drives.map(
        (p) =>
          str(
            plan.storage.drives.find((d) => str(d, '@odata.id') === p),
            'Id',
          ) ??
          p.split('/').pop() ??
          p,
      );
      return {
        ...plan.logicalDisk,
        raid_level: raidLevelOf(str(volume, 'RAIDType')) ?? plan.logicalDisk.raid_level,
        size_gb: Math.floor((num(volume, 'CapacityBytes') ?? 0) / GiB),
        controller: plan.storage.id,
        physical_disks: driveIds,
        volume_name: str(volume, 'Name') ?? plan.logicalDisk.volume_name ?? null,
        volume_id: str(volume, 'Id'),
        volume: linkOf(volume),
      };
    }),
  };
}
