// The sim's pure parsing rules: firmware component and version from an image, multipart parts,
// a lab node's qemu.conf, and request paths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { componentFor, fileNameOf, versionOf } from '../../bench/lab/redfish-sim/firmware.js';
import { parseMultipart } from '../../bench/lab/redfish-sim/multipart.js';
import { readQemuConf, specFromQemuConf } from '../../bench/lab/redfish-sim/qemu-conf.js';
import { normalisePath } from '../../bench/lab/redfish-sim/router.js';
import { initialState } from '../../bench/lab/redfish-sim/defaults.js';
import type { SimMachineSpec } from '../../bench/lab/redfish-sim/types.js';

describe('redfish-sim parsing', () => {
  it('takes the firmware component from Targets, else the file name', () => {
    expect(componentFor('image.bin', ['/redfish/v1/UpdateService/FirmwareInventory/BMC'])).to.equal('BMC');
    expect(componentFor('idrac-bmc-7.1.bin', undefined)).to.equal('BMC');
    expect(componentFor('bios-2.11.0.bin', [])).to.equal('BIOS');
  });

  it('takes the version from a version= line first, then from the file name, else refuses', () => {
    expect(versionOf('bios-2.11.0.bin', Buffer.from('junk\nversion = 9.9.9\n'))).to.equal('9.9.9');
    expect(versionOf('bios-2.11.0.bin', Buffer.from('binary'))).to.equal('2.11.0');
    expect(() => versionOf('bios.bin', Buffer.from('binary'))).to.throw(/carries no version/);
    expect(fileNameOf('http://h/a/bios-2.11.0.bin?x=1')).to.equal('bios-2.11.0.bin');
  });

  it('splits multipart/form-data into named parts with file names', () => {
    const raw = Buffer.from(
      [
        '--b',
        'Content-Disposition: form-data; name="UpdateParameters"',
        '',
        '{"Targets":[]}',
        '--b',
        'Content-Disposition: form-data; name="UpdateFile"; filename="f.bin"',
        '',
        'a\r\nb',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const parts = parseMultipart(raw, 'multipart/form-data; boundary=b');
    expect(parts?.map((p) => [p.name, p.fileName, p.data.toString()])).to.deep.equal([
      ['UpdateParameters', null, '{"Targets":[]}'],
      ['UpdateFile', 'f.bin', 'a\r\nb'],
    ]);
    expect(parseMultipart(raw, 'multipart/form-data')).to.equal(null);
  });

  it("reads a lab node's qemu.conf, quotes included, and sizes its disks", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-qemu-conf-'));
    try {
      const disk = path.join(dir, 'disk.raw');
      fs.writeFileSync(disk, Buffer.alloc(4096));
      fs.writeFileSync(
        path.join(dir, 'qemu.conf'),
        [
          `QEMU_MEM='512'`,
          `QEMU_CPUS='2'`,
          `QEMU_MAC='52:54:00:7E:00:01'`,
          `QEMU_DISK='${disk}'`,
          `QEMU_EXTRA_MACS='52:54:00:7f:01:01'`,
          `QEMU_EXTRA_DISKS=''`,
          `QEMU_NETDEV_EXTRA=',it'\\''s'`,
        ].join('\n'),
      );
      expect(readQemuConf(dir)).to.deep.equal({
        memoryMb: 512,
        cpus: 2,
        mac: '52:54:00:7e:00:01',
        disk,
        extraMacs: ['52:54:00:7f:01:01'],
        extraDisks: [],
      });
      const spec = specFromQemuConf(dir, 'Lab');
      expect(spec.disks).to.deep.equal([{ id: 'Disk.0', capacityBytes: 4096, mediaType: 'HDD', serial: `${path.basename(dir)}-disk0` }]);
      expect(spec.nics).to.deep.equal(['52:54:00:7e:00:01', '52:54:00:7f:01:01']);
      expect(specFromQemuConf(dir, 'Lab').uuid).to.equal(spec.uuid);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports the boot mode and Secure Boot of the VM's firmware (QEMU_FIRMWARE), and keeps the default without it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-qemu-conf-'));
    const conf = (firmware?: string) =>
      fs.writeFileSync(
        path.join(dir, 'qemu.conf'),
        [
          `QEMU_MEM='512'`,
          `QEMU_CPUS='1'`,
          `QEMU_MAC='52:54:00:7e:00:01'`,
          `QEMU_DISK='${dir}/disk.raw'`,
          ...(firmware ? [`QEMU_FIRMWARE='${firmware}'`] : []),
        ].join('\n'),
      );
    try {
      const cases: [string | undefined, SimMachineSpec['firmware']][] = [
        [undefined, undefined],
        ['bios', { mode: 'Legacy', secureBoot: false }],
        ['uefi', { mode: 'UEFI', secureBoot: false }],
        ['uefi-secure', { mode: 'UEFI', secureBoot: true }],
      ];
      for (const [firmware, expected] of cases) {
        conf(firmware);
        expect(specFromQemuConf(dir, 'Lab').firmware, String(firmware)).to.deep.equal(expected);
      }
      const state = initialState({ mode: 'UEFI', secureBoot: true });
      expect([state.bootOverride.mode, state.secureBootEnable, state.secureBootCurrentBoot]).to.deep.equal(['UEFI', true, true]);
      expect(initialState().bootOverride.mode).to.equal('UEFI');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('normalises request paths: no query, no trailing slash', () => {
    expect(normalisePath('/redfish/v1/')).to.equal('/redfish/v1');
    expect(normalisePath('/redfish/v1/Systems/1?$expand=.')).to.equal('/redfish/v1/Systems/1');
    expect(normalisePath('/')).to.equal('/');
  });
});
