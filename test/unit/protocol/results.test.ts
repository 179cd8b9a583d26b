// One case per agent command result parser: a well-formed answer comes through typed, a
// malformed one is a ShapeError naming the field (the conductor turns it into a HardwareError).
import { expect } from 'chai';
import { ShapeError } from '../../../protocol/shape-error.js';
import { parseBiosSettingsResult } from '../../../protocol/results/bios.js';
import { parseCleanStepResult } from '../../../protocol/results/clean-step.js';
import { parseCommandResult } from '../../../protocol/results/command.js';
import { parseFirmwareUpdateResult, parseFirmwareVersions } from '../../../protocol/results/firmware.js';
import { parseImageWriteResult } from '../../../protocol/results/image-write.js';
import { parseRaidConfigResult } from '../../../protocol/results/raid.js';

const refused = (parse: () => unknown, field: RegExp) => expect(parse).to.throw(ShapeError, field);

describe('protocol: agent command result parsers', () => {
  it('standby.prepare_image: root device, config drive and write speed; absent fields are null', () => {
    expect(parseImageWriteResult({ root_device: '/dev/sda', bytes_written: 1024, seconds: 2, mb_per_s: 0.5 })).to.deep.equal({
      root_device: '/dev/sda',
      configdrive_partition: null,
      bytes_written: 1024,
      seconds: 2,
      mb_per_s: 0.5,
      uefi_boot: null,
    });
    expect(parseImageWriteResult(null).root_device).to.equal(null);
    refused(() => parseImageWriteResult({ root_device: 7 }), /root_device must be a string, got number/);
    refused(() => parseImageWriteResult({ bytes_written: 'lots' }), /bytes_written must be a number/);
    refused(() => parseImageWriteResult(['x']), /command_result must be an object, got a list/);
  });

  it('standby.prepare_image: uefi_boot, the boot entry or the fallback loader of a UEFI deploy', () => {
    const entry = { method: 'efibootmgr', loader: '\\EFI\\debian\\shimx64.efi', entry: 'Boot0004' };
    expect(parseImageWriteResult({ uefi_boot: entry }).uefi_boot).to.deep.equal(entry);
    expect(parseImageWriteResult({ uefi_boot: { method: 'fallback', loader: '\\EFI\\BOOT\\BOOTX64.EFI' } }).uefi_boot).to.deep.equal({
      method: 'fallback',
      loader: '\\EFI\\BOOT\\BOOTX64.EFI',
    });
    refused(
      () => parseImageWriteResult({ uefi_boot: { method: 'grub-install', loader: 'x' } }),
      /uefi_boot.method must be "efibootmgr" or "fallback", got "grub-install"/,
    );
    refused(() => parseImageWriteResult({ uefi_boot: { method: 'fallback' } }), /uefi_boot.loader must be a string, got undefined/);
    refused(() => parseImageWriteResult({ uefi_boot: 'efibootmgr' }), /uefi_boot must be an object/);
  });

  it('clean.execute_clean_step: the clean_result object, {} when absent', () => {
    expect(parseCleanStepResult({ clean_result: { metrics: { ok: 1 } }, clean_step: {} })).to.deep.equal({ metrics: { ok: 1 } });
    expect(parseCleanStepResult(null)).to.deep.equal({});
    expect(parseCleanStepResult({})).to.deep.equal({});
    refused(() => parseCleanStepResult({ clean_result: 'done' }), /command_result.clean_result must be an object/);
  });

  it('bios.get_settings and the BIOS steps: settings with their registry attributes', () => {
    const settings = parseBiosSettingsResult({
      settings: [
        {
          name: 'HyperThreading',
          value: 'Enabled',
          attribute_type: 'Enumeration',
          allowed_values: ['Enabled', 'Disabled'],
          read_only: false,
        },
        { name: 'BootTimeoutSeconds', value: '5', attribute_type: 'Integer', lower_bound: 0, upper_bound: 300 },
        { name: 'AssetTag', value: null },
      ],
    });
    expect(settings.map((s) => s.name)).to.deep.equal(['HyperThreading', 'BootTimeoutSeconds', 'AssetTag']);
    expect(settings[1]!.upper_bound).to.equal(300);
    expect(parseBiosSettingsResult({})).to.deep.equal([]);
    refused(() => parseBiosSettingsResult({ settings: { HyperThreading: 'Enabled' } }), /settings must be a list/);
    refused(() => parseBiosSettingsResult({ settings: [{ value: 'x' }] }), /settings\[0\]\.name must be a string/);
    refused(
      () => parseBiosSettingsResult({ settings: [{ name: 'A', value: 'x', attribute_type: 'Float' }] }),
      /settings\[0\]\.attribute_type must be one of/,
    );
    refused(
      () => parseBiosSettingsResult({ settings: [{ name: 'A', value: 'x', read_only: 'no' }] }),
      /settings\[0\]\.read_only must be true or false/,
    );
  });

  it('firmware.get_versions: component -> version', () => {
    expect(parseFirmwareVersions({ versions: { bios: '1.0', bmc: '2.1' } })).to.deep.equal({ bios: '1.0', bmc: '2.1' });
    expect(parseFirmwareVersions(null)).to.deep.equal({});
    refused(() => parseFirmwareVersions({ versions: { bios: 1 } }), /versions\.bios must be a string/);
  });

  it('update_firmware: the components before and after, a missing list being none', () => {
    expect(
      parseFirmwareUpdateResult({
        components: [{ component: 'bios', initial_version: '1.0', current_version: '2.0', last_version_flashed: '2.0' }],
      }),
    ).to.deep.equal([{ component: 'bios', initial_version: '1.0', current_version: '2.0', last_version_flashed: '2.0' }]);
    expect(parseFirmwareUpdateResult({ components: [{ component: 'bmc', current_version: null }] })[0]!.current_version).to.equal(null);
    expect(parseFirmwareUpdateResult({})).to.deep.equal([]);
    refused(() => parseFirmwareUpdateResult({ components: 'bios' }), /components must be a list/);
    refused(() => parseFirmwareUpdateResult({ components: [{ current_version: '2.0' }] }), /components\[0\]\.component must be a string/);
  });

  it('raid create_configuration: the raid_config, {} when absent', () => {
    expect(parseRaidConfigResult({ raid_config: { logical_disks: [{ size_gb: 10 }] } })).to.deep.equal({
      logical_disks: [{ size_gb: 10 }],
    });
    expect(parseRaidConfigResult({})).to.deep.equal({});
    refused(() => parseRaidConfigResult({ raid_config: [] }), /raid_config must be an object/);
    refused(() => parseRaidConfigResult({ raid_config: { logical_disks: {} } }), /raid_config\.logical_disks must be a list/);
  });
});

describe('protocol: the command envelope', () => {
  const ok = {
    id: 'c1',
    command_name: 'standby.sync',
    command_params: {},
    command_status: 'SUCCEEDED',
    command_error: null,
    command_result: { synced: true },
  };

  it('comes through typed; a missing name is the one asked', () => {
    expect(parseCommandResult(ok, 'standby.sync')).to.deep.equal(ok);
    expect(parseCommandResult({ ...ok, command_name: undefined }, 'asked').command_name).to.equal('asked');
    expect(
      parseCommandResult({ ...ok, command_status: 'FAILED', command_error: { message: 'disk on fire' } }, 'x').command_error,
    ).to.deep.equal({ type: '', message: 'disk on fire', code: 500, details: '' });
  });

  it('refuses what is not a command result, naming the field', () => {
    refused(() => parseCommandResult('<html>', 'x'), /the answer must be an object/);
    refused(
      () => parseCommandResult({ ...ok, command_status: 'DONE' }, 'x'),
      /command_status must be one of RUNNING, SUCCEEDED, FAILED, got "DONE"/,
    );
    refused(() => parseCommandResult({ ...ok, id: 3 }, 'x'), /id must be a string/);
    refused(() => parseCommandResult({ ...ok, command_result: 'yes' }, 'x'), /command_result must be an object/);
  });
});
