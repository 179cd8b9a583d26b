// Pure rules of the hardware operations in the core: Ironic's target_raid_config schema, the
// RAID root volume as the deploy's root device hint, and burnin_network pairing order.
import { expect } from 'chai';
import { partnerOf, pairingGroup } from '../../../core/conductor/steps/burnin-pairing.js';
import { stepTimeout } from '../../../core/drivers/ramdisk-agent/hw-ops-command.js';
import { raidRootHint } from '../../../core/drivers/ramdisk-agent/raid-root.js';
import { checkRaidConfig } from '../../../core/drivers/raid-config.js';
import { InvalidParameterValue } from '../../../core/errors.js';

const bad = (config: unknown, message: RegExp) => {
  expect(() => checkRaidConfig(config)).to.throw(InvalidParameterValue, message);
};

describe('hardware operations: RAID schema, root volume, network burn-in pairing', () => {
  it('accepts Ironic-shaped target_raid_configs', () => {
    checkRaidConfig({
      logical_disks: [
        { size_gb: 'MAX', raid_level: '1', is_root_volume: true, physical_disks: ['/dev/vdb', '/dev/vdc'], controller: 'software' },
      ],
    });
    checkRaidConfig({
      logical_disks: [
        { size_gb: 100, raid_level: '1+0' },
        { size_gb: 50.5, raid_level: '5', volume_name: 'data' },
      ],
    });
  });

  it('refuses each schema violation with a message naming the field', () => {
    bad([], /the body must be an object/);
    bad({ logical_disks: [] }, /"logical_disks" must be a non-empty list/);
    bad({ logical_disks: [{ raid_level: '1' }] }, /logical_disks\[0\]\.size_gb is required/);
    bad({ logical_disks: [{ size_gb: 0, raid_level: '1' }] }, /size_gb must be a positive number or "MAX"/);
    bad({ logical_disks: [{ size_gb: 'max', raid_level: '1' }] }, /size_gb must be a positive number or "MAX", got "max"/);
    bad({ logical_disks: [{ size_gb: 10, raid_level: '7' }] }, /raid_level must be one of 0, 1, 2, 5, 6, 1\+0/);
    bad({ logical_disks: [{ size_gb: 10 }] }, /raid_level is required/);
    bad({ logical_disks: [{ size_gb: 10, raid_level: '1', is_root_volume: 'yes' }] }, /is_root_volume must be true or false/);
    bad({ logical_disks: [{ size_gb: 10, raid_level: '1', colour: 'red' }] }, /unknown keys colour/);
    bad({ logical_disks: [{ size_gb: 10, raid_level: '1', physical_disks: [] }] }, /physical_disks must be a non-empty list/);
    bad(
      {
        logical_disks: [
          { size_gb: 10, raid_level: '1', is_root_volume: true },
          { size_gb: 10, raid_level: '0', is_root_volume: true },
        ],
      },
      /2 root volumes/,
    );
    bad({ logical_disks: [{ size_gb: 10, raid_level: '1' }], extra: 1 }, /unknown keys extra/);
  });

  it('makes the root volume the root device hint', () => {
    const ld = (name: string, root?: boolean) => ({ raid_level: '1', is_root_volume: root, root_device_hint: { name } });
    expect(raidRootHint({ raid_config: { logical_disks: [ld('/dev/md0'), ld('/dev/md1', true)] } })).to.deep.equal({ name: '/dev/md1' });
    expect(raidRootHint({ raid_config: { logical_disks: [ld('/dev/md0')] } })).to.deep.equal({ name: '/dev/md0' });
    expect(raidRootHint({ raid_config: { logical_disks: [ld('/dev/md0'), ld('/dev/md1')] } })).to.equal(undefined);
    expect(raidRootHint({ raid_config: {} })).to.equal(undefined);
  });

  it('pairs a group sorted by UUID: first server, second client with the server as peer', () => {
    const members = [
      { uuid: 'c', host: '10.0.0.3' },
      { uuid: 'a', host: '10.0.0.1' },
      { uuid: 'b', host: '10.0.0.2' },
    ];
    expect(partnerOf('a', members)).to.deep.equal({ role: 'server', peer: '10.0.0.2' });
    expect(partnerOf('b', members)).to.deep.equal({ role: 'client', peer: '10.0.0.1' });
    expect(partnerOf('c', members), 'the odd one out waits').to.equal(null);
    expect(partnerOf('a', [{ uuid: 'a', host: 'x' }])).to.equal(null);
    expect(() => pairingGroup({})).to.throw(InvalidParameterValue, /pairing_group/);
    expect(pairingGroup({ pairing_group: 'rack-1' })).to.equal('rack-1');
  });

  it('waits for a long burn-in longer than the clean timeout: duration + 30 min, or an explicit timeout', () => {
    expect(stepTimeout(1800, {})).to.equal(1800);
    expect(stepTimeout(1800, { duration: 60 })).to.equal(1860);
    expect(stepTimeout(1800, { duration: 86400 })).to.equal(88200);
    expect(stepTimeout(1800, { timeout: 7200 })).to.equal(7200);
    expect(stepTimeout(0, { duration: 60 }), '0 keeps "no limit"').to.equal(0);
  });
});
