// target_raid_config → Redfish volumes, over a Storage resource shaped as the DMTF Storage schema
// (StorageControllers with SupportedRAIDTypes, Drives links): levels, drive choice, sizes, the
// POST body, and the raid_config read back from the volumes.
import { expect } from 'chai';
import { planVolumes, raidConfigFrom, raidStorage, RAID_TYPE_OF, type LogicalDisk } from '../../../../core/drivers/redfish/raid-volumes.js';

const GiB = 2 ** 30;
const S = '/redfish/v1/Systems/1/Storage/RAID.1';
const drive = (Id: string, gib: number, MediaType = 'HDD', Protocol = 'SAS') => ({
  '@odata.id': `${S}/Drives/${Id}`,
  Id,
  Name: `Drive ${Id}`,
  CapacityBytes: gib * GiB,
  MediaType,
  Protocol,
});
const DRIVES = [drive('0', 100, 'SSD', 'SATA'), drive('1', 100, 'SSD', 'SATA'), drive('2', 500), drive('3', 500), drive('4', 1000)];
const STORAGE = raidStorage(
  {
    '@odata.id': S,
    Id: 'RAID.1',
    Name: 'PERC H740',
    StorageControllers: [{ MemberId: '0', Name: 'PERC H740P', SupportedRAIDTypes: ['RAID0', 'RAID1', 'RAID5', 'RAID10'] }],
    Volumes: { '@odata.id': `${S}/Volumes` },
  },
  DRIVES,
);
const plan = (lds: LogicalDisk[]) => planVolumes([STORAGE], lds);
const drivesOf = (body: Record<string, unknown>) =>
  (body.Links as { Drives: { '@odata.id': string }[] }).Drives.map((d) => d['@odata.id'].split('/').pop());

describe('redfish RAID: target_raid_config → volumes', () => {
  it("maps Ironic's levels to RAIDType", () => {
    expect(RAID_TYPE_OF).to.include({
      '0': 'RAID0',
      '1': 'RAID1',
      '5': 'RAID5',
      '6': 'RAID6',
      '1+0': 'RAID10',
      '5+0': 'RAID50',
      '6+0': 'RAID60',
    });
  });

  it('builds RAID1 over two named drives with CapacityBytes from size_gb and Links.Drives', () => {
    const [p] = plan([{ raid_level: '1', size_gb: 50, physical_disks: ['0', 'Drive 1'], controller: 'PERC H740P', volume_name: 'root' }]);
    expect(p!.body).to.deep.equal({
      Name: 'root',
      RAIDType: 'RAID1',
      CapacityBytes: 50 * GiB,
      Links: { Drives: [{ '@odata.id': `${S}/Drives/0` }, { '@odata.id': `${S}/Drives/1` }] },
    });
  });

  it('sizes MAX from the level and the smallest drive, after the sized disks took their drives', () => {
    const plans = plan([
      { raid_level: '5', size_gb: 'MAX' },
      { raid_level: '1', size_gb: 10, disk_type: 'ssd' },
    ]);
    expect(plans.map((p) => p.body.RAIDType)).to.deep.equal(['RAID1', 'RAID5']);
    expect(drivesOf(plans[0]!.body)).to.deep.equal(['0', '1']);
    expect(drivesOf(plans[1]!.body)).to.deep.equal(['2', '3', '4']);
    expect(plans[1]!.body.CapacityBytes).to.equal(2 * 500 * GiB);
  });

  it('refuses what the controller cannot build, naming the logical disk and the choices', () => {
    expect(() => plan([{ raid_level: '6', size_gb: 10 }])).to.throw(
      /logical_disks\[0\]\.raid_level 6 \(RAID6\) is not supported.*supported levels: 0, 1, 5, 1\+0/,
    );
    expect(() => plan([{ raid_level: '1', size_gb: 10, controller: 'nope' }])).to.throw(/controller "nope" is not a RAID controller/);
    expect(() => plan([{ raid_level: '1', size_gb: 10, physical_disks: ['0', '9'] }])).to.throw(
      /physical_disks 9 are not drives of RAID.1/,
    );
    expect(() => plan([{ raid_level: '1', size_gb: 200, physical_disks: ['0', '1'] }])).to.throw(
      /size_gb 200 is more than RAID1 over 2 drive\(s\)/,
    );
    expect(() => plan([{ raid_level: '5', size_gb: 10, number_of_physical_disks: 6 }])).to.throw(
      /needs 6 free drive\(s\) on RAID.1, which has 5/,
    );
    expect(() =>
      plan([
        { raid_level: '1', size_gb: 10, physical_disks: ['0', '1'] },
        { raid_level: '1', size_gb: 10, physical_disks: ['1', '2'] },
      ]),
    ).to.throw(/logical_disks\[1\]\.physical_disks 1 already hold another logical disk/);
    expect(() => plan([{ raid_level: 'JBOD', size_gb: 10 }])).to.throw(/has no Redfish RAID type/);
  });

  it('lets logical disks that both share physical disks use the same drives', () => {
    const plans = plan([
      { raid_level: '1', size_gb: 10, physical_disks: ['2', '3'], share_physical_disks: true },
      { raid_level: '1', size_gb: 'MAX', physical_disks: ['2', '3'], share_physical_disks: true },
    ]);
    expect(plans).to.have.length(2);
  });

  it("reports raid_config from the volumes built, in Ironic's terms", () => {
    const [p] = plan([{ raid_level: '1+0', size_gb: 'MAX', is_root_volume: true }]);
    const volume = {
      '@odata.id': `${S}/Volumes/7`,
      Id: '7',
      Name: 'Volume 7',
      RAIDType: 'RAID10',
      CapacityBytes: 200 * GiB + 12345,
      Links: { Drives: [0, 1, 2, 3].map((i) => ({ '@odata.id': `${S}/Drives/${i}` })) },
    };
    expect(raidConfigFrom([{ plan: p!, volume }])).to.deep.equal({
      logical_disks: [
        {
          raid_level: '1+0',
          size_gb: 200,
          is_root_volume: true,
          controller: 'RAID.1',
          physical_disks: ['0', '1', '2', '3'],
          volume_name: 'Volume 7',
          volume_id: '7',
          volume: `${S}/Volumes/7`,
        },
      ],
    });
  });
});
