// Root device hints and the default choice, against an inventory's disk list (IPA's rules).
import './agent-env.js';
import { expect } from 'chai';
import { chooseRootDevice, parseHints } from '../../../agent/image/root-device.js';
import type { DiskInfo } from '../../../protocol/agent-wire.js';

const GiB = 2 ** 30;
const disk = (name: string, gib: number, extra: Partial<DiskInfo> = {}): DiskInfo => ({
  name,
  model: null,
  size: gib * GiB,
  rotational: false,
  wwn: null,
  serial: null,
  vendor: null,
  by_path: null,
  ...extra,
});
const DISKS: DiskInfo[] = [
  disk('/dev/sda', 480, {
    model: 'Samsung SSD 860',
    serial: 'S3Z1NB0K',
    wwn: '0x5002538e40a1b2c3',
    vendor: 'ATA',
    by_path: '/dev/disk/by-path/pci-0000:00:17.0-ata-1',
  }),
  disk('/dev/sdb', 4000, { model: 'ST4000NM0035', serial: 'ZC1ABCDE', rotational: true, vendor: 'SEAGATE' }),
  disk('/dev/sdc', 2, { model: 'USB Flash', vendor: 'Kingston' }),
  disk('/dev/nvme0n1', 960, { model: 'INTEL SSDPE2KX010T8', serial: 'PHLJ9', wwn: 'eui.0100' }),
];
const pick = (hints: unknown): string => chooseRootDevice(DISKS, hints === null ? null : parseHints(hints)).name;

describe('agent root device selection', () => {
  it('without hints picks the smallest disk of at least 4 GiB', () => {
    expect(pick(null)).to.equal('/dev/sda');
    expect(() => chooseRootDevice([DISKS[2]!], null)).to.throw(/No disk of at least 4 GiB.*\/dev\/sdc \(2\.0 GiB/);
  });

  it('matches each hint kind, all hints together', () => {
    expect(pick({ name: 'sdb' })).to.equal('/dev/sdb');
    expect(pick({ name: '/dev/disk/by-path/pci-0000:00:17.0-ata-1' })).to.equal('/dev/sda');
    expect(pick({ serial: 'phlj9' })).to.equal('/dev/nvme0n1');
    expect(pick({ wwn: '0x5002538E40A1B2C3' })).to.equal('/dev/sda');
    expect(pick({ model: '<in> ST4000' })).to.equal('/dev/sdb');
    expect(pick({ vendor: '<or> SEAGATE <or> HGST' })).to.equal('/dev/sdb');
    expect(pick({ rotational: true })).to.equal('/dev/sdb');
    expect(pick({ rotational: 'false', size: '>= 500' })).to.equal('/dev/nvme0n1');
    expect(pick({ size: 480 })).to.equal('/dev/sda');
    expect(pick({ size: '< 100' })).to.equal('/dev/sdc');
    expect(() => pick({ rotational: true, size: 480 })).to.throw(/No disk matches root device hints .*disks seen: \/dev\/sda/);
  });

  it('refuses unknown hints and malformed values', () => {
    expect(() => parseHints({ serail: 'x' })).to.throw(/unknown root device hint "serail"/);
    expect(() => parseHints({ size: 'big' })).to.throw(/whole number of GiB/);
    expect(() => parseHints({ rotational: 'maybe' })).to.throw(/true or false/);
  });
});
