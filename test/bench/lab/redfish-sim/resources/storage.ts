// Storage: SimpleStorage/1 (devices and sizes), Storage/1 with its Drives, a controller that
// advertises SupportedRAIDTypes, and Volumes (POST creates a RAID volume at once, DELETE removes).
import { objectBody, oneOf } from '../body.js';
import type { SimContext } from '../context.js';
import { fail, notFound } from '../errors.js';
import { ENABLED, collection, enabledMember, link, noContent, ok, resource } from '../odata.js';
import { param, type Route, type SimRequest } from '../router.js';
import type { SimDisk, SimVolume } from '../types.js';

const RAID_TYPES = ['RAID0', 'RAID1', 'RAID5', 'RAID10'] as const;
type RaidType = (typeof RAID_TYPES)[number];

/** The drive counts each RAID level accepts and the usable capacity over drives of `min` bytes. */
const RAID_RULES: Record<RaidType, { fits: (n: number) => boolean; needs: string; usable: (n: number, min: number) => number }> = {
  RAID0: { fits: (n) => n >= 1, needs: 'at least 1 drive', usable: (n, min) => n * min },
  RAID1: { fits: (n) => n === 2, needs: 'exactly 2 drives', usable: (_n, min) => min },
  RAID5: { fits: (n) => n >= 3, needs: 'at least 3 drives', usable: (n, min) => (n - 1) * min },
  RAID10: { fits: (n) => n >= 4 && n % 2 === 0, needs: 'an even number of drives, at least 4', usable: (n, min) => (n / 2) * min },
};

export function storageRoutes(ctx: SimContext): Route[] {
  const sys = ctx.systemPath;
  const storage = `${sys}/Storage/1`;
  const drivesPath = `${storage}/Drives`;
  const volumesPath = `${storage}/Volumes`;
  const { state } = ctx.machine;
  const disks = () => ctx.machine.spec.disks;

  const driveBody = (disk: SimDisk) =>
    enabledMember(drivesPath, '#Drive.v1_9_0.Drive', disk.id, disk.id, {
      CapacityBytes: disk.capacityBytes,
      MediaType: disk.mediaType,
      Protocol: disk.mediaType === 'SSD' ? 'SATA' : 'SAS',
      Manufacturer: ctx.machine.spec.manufacturer,
      Model: `Lab ${disk.mediaType}`,
      SerialNumber: disk.serial,
    });

  const volumeBody = (v: SimVolume) =>
    enabledMember(volumesPath, '#Volume.v1_5_0.Volume', v.id, v.name, {
      RAIDType: v.raidType,
      CapacityBytes: v.capacityBytes,
      VolumeType: v.raidType === 'RAID0' ? 'NonRedundant' : 'Mirrored',
      Encrypted: false,
      Links: { Drives: v.drives.map((d) => link(`${drivesPath}/${d}`)) },
    });

  function createVolume(req: SimRequest) {
    const body = objectBody(req);
    const raidType = oneOf(body.RAIDType, RAID_TYPES, 'RAIDType');
    const applyTime = body['@Redfish.OperationApplyTime'];
    if (applyTime !== undefined && applyTime !== 'Immediate') {
      fail(
        400,
        'ActionParameterNotSupported',
        `@Redfish.OperationApplyTime ${JSON.stringify(applyTime)} is not supported here; use Immediate (or leave it out).`,
      );
    }
    const links = (body.Links as { Drives?: unknown } | undefined)?.Drives;
    if (!Array.isArray(links) || links.length === 0)
      fail(400, 'PropertyMissing', 'Links.Drives must list the drives of the volume ([{"@odata.id": ".../Drives/<id>"}]).');
    const used = new Set(state.volumes.flatMap((v) => v.drives));
    const chosen = (links as unknown[]).map((entry) => {
      const ref = (entry as Record<string, unknown> | null)?.['@odata.id'];
      const disk = disks().find((d) => ref === `${drivesPath}/${d.id}`);
      if (!disk) return fail(400, 'ResourceMissingAtURI', `Links.Drives names ${JSON.stringify(ref)}, which is not a drive of ${storage}.`);
      if (used.has(disk.id)) return fail(400, 'ResourceInUse', `Drive ${disk.id} already belongs to a volume; delete that volume first.`);
      return disk;
    });
    const rule = RAID_RULES[raidType];
    if (!rule.fits(chosen.length)) fail(400, 'ActionParameterValueConflict', `${raidType} needs ${rule.needs}; ${chosen.length} given.`);
    const usable = rule.usable(chosen.length, Math.min(...chosen.map((d) => d.capacityBytes)));
    const capacity = body.CapacityBytes === undefined ? usable : body.CapacityBytes;
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity <= 0 || capacity > usable) {
      fail(
        400,
        'PropertyValueOutOfRange',
        `CapacityBytes must be a positive integer of at most ${usable} for ${raidType} over these drives.`,
      );
    }
    const id = String(Math.max(0, ...state.volumes.map((v) => Number(v.id))) + 1);
    const name = typeof body.Name === 'string' ? body.Name : typeof body.DisplayName === 'string' ? body.DisplayName : `Volume ${id}`;
    const volume: SimVolume = { id, name, raidType, capacityBytes: capacity, drives: chosen.map((d) => d.id) };
    state.volumes.push(volume);
    return { status: 201, headers: { Location: `${volumesPath}/${id}` }, body: volumeBody(volume) };
  }

  const findVolume = (req: SimRequest) => state.volumes.find((v) => v.id === param(req, 'id')) ?? notFound(req.path);

  return [
    {
      path: `${sys}/SimpleStorage`,
      handlers: {
        GET: () =>
          ok(
            collection(`${sys}/SimpleStorage`, '#SimpleStorageCollection.SimpleStorageCollection', 'Simple Storage', [
              `${sys}/SimpleStorage/1`,
            ]),
          ),
      },
    },
    {
      path: `${sys}/SimpleStorage/1`,
      handlers: {
        GET: () =>
          ok(
            resource(`${sys}/SimpleStorage/1`, '#SimpleStorage.v1_3_0.SimpleStorage', {
              Id: '1',
              Name: 'Lab storage controller',
              Devices: disks().map((d) => ({ Name: d.id, CapacityBytes: d.capacityBytes, Status: ENABLED })),
              Status: ENABLED,
            }),
          ),
      },
    },
    {
      path: `${sys}/Storage`,
      handlers: { GET: () => ok(collection(`${sys}/Storage`, '#StorageCollection.StorageCollection', 'Storage', [storage])) },
    },
    {
      path: storage,
      handlers: {
        GET: () =>
          ok(
            resource(storage, '#Storage.v1_9_0.Storage', {
              Id: '1',
              Name: 'Lab RAID controller',
              Drives: disks().map((d) => link(`${drivesPath}/${d.id}`)),
              StorageControllers: [
                {
                  '@odata.id': `${storage}#/StorageControllers/0`,
                  MemberId: '0',
                  Name: 'Lab RAID controller',
                  SupportedRAIDTypes: [...RAID_TYPES],
                  SupportedControllerProtocols: ['PCIe'],
                  SupportedDeviceProtocols: ['SAS', 'SATA'],
                  Status: ENABLED,
                },
              ],
              Volumes: link(volumesPath),
              Status: ENABLED,
            }),
          ),
      },
    },
    {
      path: `${drivesPath}/:id`,
      handlers: {
        GET: (req) => {
          const disk = disks().find((d) => d.id === param(req, 'id'));
          return disk ? ok(driveBody(disk)) : notFound(req.path);
        },
      },
    },
    {
      path: volumesPath,
      handlers: {
        GET: () =>
          ok({
            ...collection(
              volumesPath,
              '#VolumeCollection.VolumeCollection',
              'Volumes',
              state.volumes.map((v) => `${volumesPath}/${v.id}`),
            ),
            '@Redfish.OperationApplyTimeSupport': { SupportedValues: ['Immediate'] },
          }),
        POST: createVolume,
      },
    },
    {
      path: `${volumesPath}/:id`,
      handlers: {
        GET: (req) => ok(volumeBody(findVolume(req))),
        DELETE: (req) => {
          const volume = findVolume(req);
          state.volumes.splice(state.volumes.indexOf(volume), 1);
          return noContent();
        },
      },
    },
  ];
}
