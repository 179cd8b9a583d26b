// The sim's BIOS attributes and their registry (Registries/BiosAttributeRegistry.v1_0_0): what a
// Bios/Settings PATCH is checked against and what clients read to learn allowable values.

export type BiosValue = string | number | boolean;

export interface BiosAttributeDef {
  AttributeName: string;
  Type: 'Enumeration' | 'String' | 'Integer' | 'Boolean';
  DisplayName: string;
  DefaultValue: BiosValue;
  ReadOnly: boolean;
  ResetRequired: boolean;
  Value?: { ValueName: string; ValueDisplayName: string }[];
  LowerBound?: number;
  UpperBound?: number;
  MaxLength?: number;
}

export const BIOS_REGISTRY_ID = 'BiosAttributeRegistry.v1_0_0';

const enumValues = (...names: string[]) => names.map((n) => ({ ValueName: n, ValueDisplayName: n }));

export const BIOS_ATTRIBUTES: readonly BiosAttributeDef[] = [
  {
    AttributeName: 'BootMode',
    Type: 'Enumeration',
    DisplayName: 'Boot Mode',
    DefaultValue: 'Uefi',
    ReadOnly: false,
    ResetRequired: true,
    Value: enumValues('Uefi', 'Bios'),
  },
  {
    AttributeName: 'ProcTurboMode',
    Type: 'Enumeration',
    DisplayName: 'Turbo Mode',
    DefaultValue: 'Enabled',
    ReadOnly: false,
    ResetRequired: true,
    Value: enumValues('Enabled', 'Disabled'),
  },
  {
    AttributeName: 'LogicalProc',
    Type: 'Enumeration',
    DisplayName: 'Logical Processor',
    DefaultValue: 'Enabled',
    ReadOnly: false,
    ResetRequired: true,
    Value: enumValues('Enabled', 'Disabled'),
  },
  {
    AttributeName: 'SriovGlobalEnable',
    Type: 'Enumeration',
    DisplayName: 'SR-IOV Global Enable',
    DefaultValue: 'Disabled',
    ReadOnly: false,
    ResetRequired: true,
    Value: enumValues('Enabled', 'Disabled'),
  },
  {
    AttributeName: 'PowerProfile',
    Type: 'Enumeration',
    DisplayName: 'System Profile',
    DefaultValue: 'Balanced',
    ReadOnly: false,
    ResetRequired: true,
    Value: enumValues('Balanced', 'MaxPerformance', 'PowerSaving'),
  },
  {
    AttributeName: 'NumLock',
    Type: 'Boolean',
    DisplayName: 'Keyboard NumLock',
    DefaultValue: true,
    ReadOnly: false,
    ResetRequired: false,
  },
  {
    AttributeName: 'BootRetryDelay',
    Type: 'Integer',
    DisplayName: 'Boot Retry Delay (s)',
    DefaultValue: 30,
    ReadOnly: false,
    ResetRequired: true,
    LowerBound: 0,
    UpperBound: 600,
  },
  {
    AttributeName: 'AssetTag',
    Type: 'String',
    DisplayName: 'Asset Tag',
    DefaultValue: '',
    ReadOnly: false,
    ResetRequired: false,
    MaxLength: 32,
  },
  {
    AttributeName: 'SystemRevision',
    Type: 'String',
    DisplayName: 'System Revision',
    DefaultValue: 'A00',
    ReadOnly: true,
    ResetRequired: false,
  },
];

export function defaultBiosAttributes(): Record<string, BiosValue> {
  return Object.fromEntries(BIOS_ATTRIBUTES.map((a) => [a.AttributeName, a.DefaultValue]));
}

/** Why `value` is not acceptable for `name`, or null when it is. */
export function biosValueProblem(name: string, value: unknown): { messageId: string; message: string } | null {
  const def = BIOS_ATTRIBUTES.find((a) => a.AttributeName === name);
  if (!def) return { messageId: 'PropertyUnknown', message: `The BIOS attribute ${name} is not in the registry ${BIOS_REGISTRY_ID}.` };
  if (def.ReadOnly) return { messageId: 'PropertyNotWritable', message: `The BIOS attribute ${name} is read-only.` };
  const bad = (what: string) => ({
    messageId: 'PropertyValueNotInList',
    message: `The value ${JSON.stringify(value)} for BIOS attribute ${name} is not acceptable: ${what}.`,
  });
  switch (def.Type) {
    case 'Enumeration':
      return def.Value?.some((v) => v.ValueName === value) ? null : bad(`one of ${def.Value?.map((v) => v.ValueName).join(', ')}`);
    case 'Boolean':
      return typeof value === 'boolean' ? null : bad('true or false');
    case 'Integer':
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= (def.LowerBound ?? -Infinity) &&
        value <= (def.UpperBound ?? Infinity)
        ? null
        : bad(`an integer from ${def.LowerBound} to ${def.UpperBound}`);
    case 'String':
      return typeof value === 'string' && value.length <= (def.MaxLength ?? Infinity)
        ? null
        : bad(`a string of at most ${def.MaxLength} characters`);
  }
}
