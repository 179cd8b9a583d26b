// The one boot-mode rule (core/boot/boot-mode.ts), the capabilities parser it reads through, and
// the checks that turn a misspelt or contradictory boot mode / Secure Boot input into a 400.
import { expect } from 'chai';
import { checkBootModeInputs } from '../../../core/boot/boot-mode-checks.js';
import { secureBootWanted, targetBootMode } from '../../../core/boot/boot-mode.js';
import type { Node } from '../../../core/db/types.js';
import { InvalidParameterValue } from '../../../core/errors.js';
import { parseCapabilities, withCapability } from '../../../core/nodes/capabilities.js';

const UUID = '0b6c1f5e-2a47-4d1e-9c3b-7e8f9a0b1c2d';

function node(
  instance_info: Record<string, unknown> = {},
  properties: Record<string, unknown> = {},
  extra: { boot_mode?: string | null; secure_boot?: boolean | null } = {},
) {
  return { uuid: UUID, instance_info, properties, boot_mode: null, secure_boot: null, ...extra } as Pick<
    Node,
    'uuid' | 'instance_info' | 'properties' | 'boot_mode' | 'secure_boot'
  >;
}

describe('capabilities', () => {
  it("parses Ironic's string form and the object form; a value may contain ':'", () => {
    expect(parseCapabilities('boot_mode:uefi, cpu_vt:true,,junk,url:http://x:80')).to.deep.equal({
      boot_mode: 'uefi',
      cpu_vt: 'true',
      url: 'http://x:80',
    });
    expect(parseCapabilities({ secure_boot: true, boot_mode: 'bios', nested: { a: 1 } })).to.deep.equal({
      secure_boot: 'true',
      boot_mode: 'bios',
    });
    expect(parseCapabilities(undefined)).to.deep.equal({});
  });

  it('reads instance_info.capabilities as Nova writes it: a JSON object in a string', () => {
    expect(parseCapabilities('{"boot_mode": "bios", "secure_boot": "false"}')).to.deep.equal({ boot_mode: 'bios', secure_boot: 'false' });
    expect(targetBootMode(node({ capabilities: '{"boot_mode": "bios"}' }))).to.equal('bios');
    expect(secureBootWanted(node({ capabilities: '{"secure_boot": "true"}' }))).to.equal(true);
  });

  it('sets one capability without duplicating its key', () => {
    expect(withCapability('boot_mode:uefi,x:1', 'boot_mode', 'bios')).to.equal('boot_mode:bios,x:1');
    expect(withCapability(undefined, 'a', 'b')).to.equal('a:b');
  });
});

describe('the target boot mode', () => {
  it('deploy_boot_mode, then the capability (instance_info, properties), then the node; UEFI by default', () => {
    expect(targetBootMode(node({ deploy_boot_mode: 'uefi' }, { capabilities: 'boot_mode:bios' }))).to.equal('uefi');
    expect(targetBootMode(node({ capabilities: { boot_mode: 'uefi' } }, { capabilities: 'boot_mode:bios' }))).to.equal('uefi');
    expect(targetBootMode(node({}, { capabilities: 'cpu_vt:true,boot_mode:bios' }))).to.equal('bios');
    expect(targetBootMode(node({}, {}, { boot_mode: 'bios' }))).to.equal('bios');
    expect(targetBootMode(node())).to.equal('uefi');
  });

  it('Secure Boot: the capability wins over the recorded state, and only in UEFI mode', () => {
    expect(secureBootWanted(node({}, { capabilities: 'secure_boot:true' }))).to.equal(true);
    expect(secureBootWanted(node({ capabilities: 'secure_boot:false' }, { capabilities: 'secure_boot:true' }))).to.equal(false);
    expect(secureBootWanted(node({}, {}, { secure_boot: true }))).to.equal(true);
    expect(secureBootWanted(node({}, { capabilities: 'secure_boot:false' }, { secure_boot: true }))).to.equal(false);
    expect(secureBootWanted(node({}, {}, { secure_boot: true, boot_mode: 'bios' }))).to.equal(false);
    expect(secureBootWanted(node())).to.equal(false);
  });
});

describe('boot mode input checks', () => {
  const refused = (n: ReturnType<typeof node>) => {
    try {
      checkBootModeInputs(n);
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidParameterValue);
      return (err as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('accepts the supported values and no values at all', () => {
    checkBootModeInputs(node());
    checkBootModeInputs(node({ deploy_boot_mode: 'bios' }, { capabilities: 'boot_mode:bios,secure_boot:false' }));
    checkBootModeInputs(node({ capabilities: { boot_mode: 'uefi', secure_boot: 'true' } }));
  });

  it('refuses an unknown boot mode, naming the node, the key and the values to set', () => {
    expect(refused(node({ deploy_boot_mode: 'legacy' })))
      .to.include(UUID)
      .and.include('instance_info/deploy_boot_mode')
      .and.include('"uefi", "bios"');
    expect(refused(node({}, { capabilities: 'boot_mode:UEFI' }))).to.match(/boot_mode capability in properties\/capabilities is "UEFI"/);
    expect(refused(node({ capabilities: { boot_mode: 'efi' } }))).to.match(/instance_info\/capabilities/);
  });

  it('refuses an instance_info/capabilities string that looks like JSON but does not parse', () => {
    expect(refused(node({ capabilities: '{"boot_mode": "uefi"' })))
      .to.include(UUID)
      .and.include('instance_info/capabilities');
    expect(refused(node({ capabilities: '{"boot_mode": "legacy"}' }))).to.match(/instance_info\/capabilities is "legacy"/);
  });

  it('refuses a secure_boot capability other than true or false', () => {
    expect(refused(node({}, { capabilities: 'secure_boot:yes' }))).to.match(
      /secure_boot capability in properties\/capabilities is "yes".*"true", "false"/,
    );
  });

  it('refuses Secure Boot on a node that boots bios, saying what to set', () => {
    const message = refused(node({}, { capabilities: 'boot_mode:bios,secure_boot:true' }));
    expect(message).to.include(UUID).and.include('secure_boot:true').and.include('boot_mode:uefi');
    expect(refused(node({ deploy_boot_mode: 'bios', capabilities: 'secure_boot:true' }))).to.include('instance_info/capabilities');
    // Secure Boot on with the UEFI default is fine.
    checkBootModeInputs(node({}, { capabilities: 'secure_boot:true' }));
  });
});
