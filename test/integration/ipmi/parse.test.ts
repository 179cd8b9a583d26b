// ipmitool output parsing, against output captured from real ipmitool talking to ipmi_sim
// (fixtures/README.md), and once more live against a fresh ipmi_sim.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HardwareError } from '../../../core/errors.js';
import { parseBootParam, parsePowerStatus } from '../../../core/drivers/ipmitool/parse.js';
import { IpmitoolManagement } from '../../../core/drivers/ipmitool/management.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { closeIpmitool, ipmitool, nodeCtx, testConfig } from './helpers.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

describe('ipmitool output parsing', () => {
  it('parses power status', () => {
    expect(parsePowerStatus(fixture('power-on.txt'))).to.equal('power on');
    expect(parsePowerStatus(fixture('power-off.txt'))).to.equal('power off');
    expect(() => parsePowerStatus('Error: something')).to.throw(HardwareError, /Unexpected output/);
  });

  for (const [file, device] of [
    ['pxe', 'pxe'],
    ['disk', 'disk'],
    ['cdrom', 'cdrom'],
    ['bios', 'bios'],
    ['none', null],
  ] as const) {
    it(`maps bootparam get 5 after "bootdev ${file}" to ${device}`, () => {
      expect(parseBootParam(fixture(`bootparam-${file}.txt`))).to.deep.equal({ boot_device: device, persistent: false, efi: false });
    });
  }

  it('reads persistent and EFI flags', () => {
    expect(parseBootParam(fixture('bootparam-pxe-persistent-efi.derived.txt'))).to.deep.equal({
      boot_device: 'pxe',
      persistent: true,
      efi: true,
    });
  });

  it('tells safe mode from plain disk', () => {
    const safe = fixture('bootparam-disk.txt').replace(
      'Force Boot from default Hard-Drive',
      'Force Boot from default Hard-Drive, request Safe-Mode',
    );
    expect(parseBootParam(safe).boot_device).to.equal('safe');
  });

  it('refuses output without a boot device selector', () => {
    expect(() => parseBootParam('Boot parameter version: 1\n')).to.throw(HardwareError, /bootparam get 5/);
  });

  describe('live against ipmi_sim', () => {
    let bmc: Bmc;
    before(async () => {
      bmc = await startBmc();
    });
    after(async () => {
      await bmc?.stop();
      await closeIpmitool();
    });

    it('reads back every supported boot device', async () => {
      const config = testConfig();
      const mgmt = new IpmitoolManagement(ipmitool(config).client());
      const ctx = nodeCtx(config, bmc.driverInfo());
      for (const dev of mgmt.supportedBootDevices()) {
        await mgmt.setBootDevice(ctx, dev, false);
        expect(await mgmt.getBootDevice(ctx)).to.deep.equal({ boot_device: dev, persistent: false });
      }
      expect(bmc.bootDevice()).to.equal('bios');
    });
  });
});
