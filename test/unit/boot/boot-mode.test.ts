import { expect } from 'chai';
import { DEFAULT_BOOT_MODE, secureBootWanted, targetBootMode } from '../../../core/boot/boot-mode.js';
import { capability, parseCapabilities, withCapability } from '../../../core/nodes/capabilities.js';

type Inputs = Parameters<typeof secureBootWanted>[0];
const node = (over: Partial<Inputs> = {}): Inputs => ({ instance_info: {}, properties: {}, boot_mode: null, secure_boot: null, ...over });

describe('capabilities: one parser for the string and object forms', () => {
  it('reads "k1:v1,k2:v2", trimming spaces and keeping colons in values', () => {
    expect(parseCapabilities(' boot_mode : uefi ,x:a:b,broken,:empty')).to.deep.equal({ boot_mode: 'uefi', x: 'a:b' });
  });
  it('reads an object (Nova flavor extra specs) and ignores non-scalar values', () => {
    expect(parseCapabilities({ boot_mode: 'bios', secure_boot: true, nested: { a: 1 } })).to.deep.equal({
      boot_mode: 'bios',
      secure_boot: 'true',
    });
    expect(parseCapabilities(['boot_mode:uefi'])).to.deep.equal({});
    expect(capability(null, 'boot_mode')).to.equal(undefined);
  });
  it('withCapability replaces a key and keeps the others in order', () => {
    expect(withCapability('a:1,boot_mode:bios,b:2', 'boot_mode', 'uefi')).to.equal('a:1,boot_mode:uefi,b:2');
    expect(withCapability('', 'secure_boot', 'true')).to.equal('secure_boot:true');
  });
});

describe('boot mode and Secure Boot decisions', () => {
  it('defaults to UEFI, as current Ironic does', () => {
    expect(DEFAULT_BOOT_MODE).to.equal('uefi');
    expect(targetBootMode(node())).to.equal('uefi');
  });
  it('takes deploy_boot_mode, then instance_info, then properties capabilities, then the recorded mode', () => {
    const all = node({
      instance_info: { deploy_boot_mode: 'bios', capabilities: 'boot_mode:uefi' },
      properties: { capabilities: 'boot_mode:bios' },
      boot_mode: 'uefi',
    });
    expect(targetBootMode(all)).to.equal('bios');
    expect(targetBootMode({ ...all, instance_info: { capabilities: 'boot_mode:uefi' } })).to.equal('uefi');
    expect(targetBootMode({ ...all, instance_info: {} })).to.equal('bios');
    expect(targetBootMode(node({ boot_mode: 'bios' }))).to.equal('bios');
  });
  it('skips values that are not a boot mode', () => {
    expect(targetBootMode(node({ instance_info: { deploy_boot_mode: 'legacy' }, boot_mode: 'bios' }))).to.equal('bios');
  });
  it('wants the signed chain from the secure_boot capability first, then the recorded state, only in UEFI mode', () => {
    expect(secureBootWanted(node({ properties: { capabilities: 'secure_boot:true' } }))).to.equal(true);
    expect(secureBootWanted(node({ secure_boot: true }))).to.equal(true);
    expect(secureBootWanted(node({ secure_boot: true, properties: { capabilities: 'secure_boot:false' } }))).to.equal(false);
    expect(
      secureBootWanted(
        node({ instance_info: { capabilities: { secure_boot: 'true' } }, properties: { capabilities: 'secure_boot:false' } }),
      ),
    ).to.equal(true);
    expect(secureBootWanted(node({ secure_boot: true, properties: { capabilities: 'boot_mode:bios,secure_boot:true' } }))).to.equal(false);
    expect(secureBootWanted(node())).to.equal(false);
  });
});
