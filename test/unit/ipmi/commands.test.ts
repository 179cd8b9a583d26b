// The commands' bytes on the wire and their answers: boot flags (valid, persistent, EFI, device
// selector; table 28-14), chassis status, chassis control codes, Get Device ID fields.
import { expect } from 'chai';
import { getBootFlags, setBootFlags } from '../../../core/ipmi/commands/boot-options.js';
import { chassisControl, powerStatus } from '../../../core/ipmi/commands/chassis.js';
import { getDeviceId } from '../../../core/ipmi/commands/device-id.js';
import { rawCommand } from '../../../core/ipmi/commands/raw.js';

describe('IPMI commands', () => {
  it('Set System Boot Options parameter 5: valid bit, persistent/once, EFI, selector', () => {
    expect([...setBootFlags('pxe', { persistent: true, efi: true }).request.data]).to.deep.equal([5, 0xe0, 0x04, 0, 0, 0]);
    expect([...setBootFlags('disk', { persistent: false, efi: false }).request.data]).to.deep.equal([5, 0x80, 0x08, 0, 0, 0]);
    expect([...setBootFlags('cdrom', { persistent: false, efi: true }).request.data]).to.deep.equal([5, 0xa0, 0x14, 0, 0, 0]);
    expect([...setBootFlags('bios', { persistent: true, efi: false }).request.data]).to.deep.equal([5, 0xc0, 0x18, 0, 0, 0]);
    expect([...setBootFlags('safe', { persistent: false, efi: false }).request.data]).to.deep.equal([5, 0x80, 0x0c, 0, 0, 0]);
    expect(setBootFlags('pxe', { persistent: true, efi: true }).request).to.include({ netfn: 0, command: 0x08 });
  });

  it('Get System Boot Options parameter 5 reads device, persistence and EFI back', () => {
    expect(getBootFlags.parse(Buffer.from([1, 5, 0xe0, 0x04, 0, 0, 0]))).to.deep.equal({ boot_device: 'pxe', persistent: true, efi: true });
    expect(getBootFlags.parse(Buffer.from([1, 5, 0x80, 0x14, 0, 0, 0]))).to.deep.equal({
      boot_device: 'cdrom',
      persistent: false,
      efi: false,
    });
    expect(getBootFlags.parse(Buffer.from([1, 5, 0x80, 0x00, 0, 0, 0])).boot_device).to.equal(null);
    expect(() => getBootFlags.parse(Buffer.from([1, 4, 0]))).to.throw(/boot flags/);
  });

  it('Chassis Status bit 0 is the power; Chassis Control codes follow §28.3', () => {
    expect(powerStatus.parse(Buffer.from([0x01, 0, 0]))).to.equal('power on');
    expect(powerStatus.parse(Buffer.from([0x60, 0, 0]))).to.equal('power off');
    const codes = (['off', 'on', 'cycle', 'reset', 'diag', 'soft'] as const).map((a) => chassisControl(a).request.data[0]);
    expect(codes).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('Get Device ID: BCD firmware minor and IPMI version, 20-bit manufacturer', () => {
    const id = getDeviceId.parse(Buffer.from([0x20, 0x81, 0x02, 0x15, 0x51, 0x9f, 0xa2, 0x02, 0x00, 0x34, 0x12]));
    expect(id).to.deep.equal({
      device_id: 0x20,
      device_revision: 1,
      firmware_revision: '2.15',
      ipmi_version: '1.5',
      manufacturer_id: 0x2a2,
      product_id: 0x1234,
    });
  });

  it('raw masks netfn and bytes into range and copies the answer', () => {
    const cmd = rawCommand(0x2e, 0x101, [0x1ff, 2]);
    expect(cmd.request).to.deep.include({ netfn: 0x2e, command: 0x01, data: [0xff, 2] });
    const src = Buffer.from([1, 2]);
    const out = cmd.parse(src);
    src[0] = 9;
    expect([...out.data]).to.deep.equal([1, 2]);
  });
});
