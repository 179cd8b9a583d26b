// BIOS attributes joined with an AttributeRegistry shaped as the DMTF AttributeRegistry schema,
// value checks, typed wire values, registry look-up and the apply time.
import { expect } from 'chai';
import {
  applyTime,
  registryEntries,
  registryLocation,
  settingsFrom,
  unapplied,
  valueProblem,
  wireValue,
} from '../../../../core/drivers/redfish/bios-registry.js';

const REGISTRY = {
  '@odata.type': '#AttributeRegistry.v1_3_0.AttributeRegistry',
  Id: 'BiosAttributeRegistry.v1_0_0',
  RegistryEntries: {
    Attributes: [
      {
        AttributeName: 'ProcTurboMode',
        Type: 'Enumeration',
        ReadOnly: false,
        ResetRequired: true,
        Value: [
          { ValueName: 'Enabled', ValueDisplayName: 'Enabled' },
          { ValueName: 'Disabled', ValueDisplayName: 'Disabled' },
        ],
      },
      { AttributeName: 'BootRetryDelay', Type: 'Integer', LowerBound: 0, UpperBound: 600, ReadOnly: false, ResetRequired: true },
      { AttributeName: 'NumLock', Type: 'Boolean', ReadOnly: false, ResetRequired: false },
      { AttributeName: 'AssetTag', Type: 'String', MaxLength: 4, ReadOnly: false },
      { AttributeName: 'SystemRevision', Type: 'String', ReadOnly: true, IsSystemUniqueProperty: true },
    ],
  },
};
const BIOS = {
  AttributeRegistry: 'BiosAttributeRegistry.v1_0_0',
  Attributes: { ProcTurboMode: 'Enabled', BootRetryDelay: 30, NumLock: true, AssetTag: '', SystemRevision: 'A00', OemOnly: 'x' },
};

describe('redfish BIOS: registry, checks and wire values', () => {
  const registry = registryEntries(REGISTRY);

  it('joins Attributes with the registry in Ironic field names; values as strings', () => {
    const settings = settingsFrom(BIOS, registry);
    expect(settings.map((s) => [s.name, s.value])).to.deep.equal([
      ['AssetTag', ''],
      ['BootRetryDelay', '30'],
      ['NumLock', 'true'],
      ['OemOnly', 'x'],
      ['ProcTurboMode', 'Enabled'],
      ['SystemRevision', 'A00'],
    ]);
    expect(settings.find((s) => s.name === 'ProcTurboMode')).to.include({
      attribute_type: 'Enumeration',
      reset_required: true,
      read_only: false,
    });
    expect(settings.find((s) => s.name === 'ProcTurboMode')?.allowed_values).to.deep.equal(['Enabled', 'Disabled']);
    expect(settings.find((s) => s.name === 'BootRetryDelay')).to.include({ lower_bound: 0, upper_bound: 600 });
    expect(settings.find((s) => s.name === 'SystemRevision')).to.include({ read_only: true, unique: true });
  });

  it('refuses unknown names, read-only settings and values outside the registry, naming them', () => {
    const cur = BIOS.Attributes;
    expect(valueProblem('ProcTurboMode', 'Disabled', registry, cur)).to.equal(null);
    expect(valueProblem('ProcTurboMode', 'Maybe', registry, cur)).to.match(
      /ProcTurboMode cannot be "Maybe": allowed values are Enabled, Disabled/,
    );
    expect(valueProblem('Nope', '1', registry, cur)).to.match(/unknown BIOS setting "Nope"/);
    expect(valueProblem('SystemRevision', 'B', registry, cur)).to.match(/read-only/);
    expect(valueProblem('BootRetryDelay', '601', registry, cur)).to.match(/at most 600/);
    expect(valueProblem('BootRetryDelay', 'soon', registry, cur)).to.match(/integer/);
    expect(valueProblem('NumLock', 'yes', registry, cur)).to.match(/true or false/);
    expect(valueProblem('AssetTag', 'toolong', registry, cur)).to.match(/at most 4 characters/);
    // Without a registry, the BMC's own attribute names are the only check.
    expect(valueProblem('OemOnly', 'y', new Map(), cur)).to.equal(null);
    expect(valueProblem('Nope', 'y', new Map(), cur)).to.match(/unknown/);
  });

  it('sends Integer and Boolean attributes as JSON numbers and booleans', () => {
    const cur = BIOS.Attributes;
    expect(wireValue('BootRetryDelay', '45', registry, cur)).to.equal(45);
    expect(wireValue('NumLock', 'false', registry, cur)).to.equal(false);
    expect(wireValue('ProcTurboMode', 'Disabled', registry, cur)).to.equal('Disabled');
    expect(wireValue('BootRetryDelay', '45', new Map(), cur)).to.equal(45);
  });

  it('finds the registry file by Id or Registry, English location first', () => {
    const files = [
      { Id: 'Base.1.0', Registry: 'Base.1.0', Location: [{ Uri: '/redfish/v1/Registries/Base' }] },
      {
        Id: 'BiosRegistry',
        Registry: 'BiosAttributeRegistry.v1_0_0',
        Location: [
          { Language: 'de', Uri: '/de' },
          { Language: 'en', Uri: '/redfish/v1/Registries/BiosAttributeRegistry.v1_0_0/en' },
        ],
      },
    ];
    expect(registryLocation(files, 'BiosAttributeRegistry.v1_0_0')).to.equal('/redfish/v1/Registries/BiosAttributeRegistry.v1_0_0/en');
    expect(registryLocation(files, 'Other')).to.equal(null);
  });

  it('asks for OnReset when the BMC lists it, Immediate otherwise, nothing when it lists nothing', () => {
    const with_ = (times: string[]) => ({ '@Redfish.Settings': { SupportedApplyTimes: times } });
    expect(applyTime(with_(['Immediate', 'OnReset']))).to.equal('OnReset');
    expect(applyTime(with_(['Immediate']))).to.equal('Immediate');
    expect(applyTime({})).to.equal(null);
  });

  it('reports settings that did not read back as asked', () => {
    expect(
      unapplied(
        [
          { name: 'BootRetryDelay', value: '30' },
          { name: 'ProcTurboMode', value: 'Disabled' },
        ],
        BIOS,
      ),
    ).to.deep.equal(['ProcTurboMode (asked "Disabled", is "Enabled")']);
  });
});
