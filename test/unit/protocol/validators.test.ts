// The checks protocol/ shares between the API, the conductor and the agent.
import { expect } from 'chai';
import { parseBiosSettings, type BiosAttribute } from '../../../protocol/bios-settings.js';
import { parseFirmwareImages } from '../../../protocol/firmware-images.js';
import { parsePairingGroup } from '../../../protocol/hw-op-steps.js';
import { parseInspectionCallback, PluginDataTooLarge } from '../../../protocol/inspection-data.js';
import { parseInspectionRule } from '../../../protocol/inspection-rules.js';
import { checkCallback } from '../../../core/conductor/inspection/inventory.js';
import { ShapeError } from '../../../protocol/shape-error.js';
import { asBadRequest, asHardwareError } from '../../../core/shape-errors.js';
import { HardwareError, InvalidParameterValue, PayloadTooLarge } from '../../../core/errors.js';

describe('protocol: shared validators', () => {
  it('BIOS settings: the shape always, the values against a registry when there is one, every problem at once', () => {
    expect(parseBiosSettings([{ name: 'A', value: 1 }])).to.deep.equal([{ name: 'A', value: 1 }]);
    expect(() => parseBiosSettings([])).to.throw(ShapeError, /non-empty list/);
    const registry = new Map<string, BiosAttribute>([['HT', { name: 'HT', value: 'On', allowed_values: ['On', 'Off'] }]]);
    expect(() => parseBiosSettings([{ name: 'HT', value: 'Maybe' }, { name: 'X', value: '1' }, { name: 3 }], registry)).to.throw(
      ShapeError,
      /HT cannot be "Maybe".*; unknown BIOS setting "X"; settings\[2\] must be/,
    );
  });

  it('firmware images: the four fields, an http(s) URL, optional updater and command', () => {
    const image = { component: 'bios', url: 'https://fw/x.bin', checksum: 'sha256:00', version: '2' };
    expect(parseFirmwareImages([{ ...image, updater: 'fwupd', ignored: 1 }])).to.deep.equal([{ ...image, updater: 'fwupd' }]);
    expect(() => parseFirmwareImages([{ ...image, url: 'file:///x' }], 'at')).to.throw(ShapeError, /at\[0\]\.url must be an http\(s\) URL/);
    expect(() => parseFirmwareImages([{ ...image, checksum: '' }])).to.throw(
      ShapeError,
      /firmware_images\[0\]\.checksum must be a non-empty string/,
    );
    expect(() => parseFirmwareImages([{ ...image, command: 5 }])).to.throw(ShapeError, /command must be a string/);
  });

  it('burnin_network needs a pairing group', () => {
    expect(parsePairingGroup({ pairing_group: 'rack-1' })).to.equal('rack-1');
    expect(() => parsePairingGroup({})).to.throw(ShapeError, /pairing_group/);
  });

  it('inspection rules: a bad part is named', () => {
    expect(parseInspectionRule({ conditions: [], actions: [{ action: 'add-trait', name: 'CUSTOM_X' }] }).actions).to.have.length(1);
    expect(() =>
      parseInspectionRule({ conditions: [{ field: 'cpu.count', op: 'gt', value: 'x' }], actions: [{ action: 'fail', message: 'm' }] }),
    ).to.throw(ShapeError, /Inspection rule conditions\[0\]\.value: must be a number for gt/);
  });

  it('inspection data: a bad field is named; oversized plugin_data is its own error, a 413 in the core', () => {
    const inventory = {
      cpu: { count: 2, architecture: 'x86_64' },
      memory: { physical_mb: 1024 },
      interfaces: [{ name: 'eth0', mac_address: '52:54:00:AA:BB:CC' }],
    };
    expect(parseInspectionCallback({ inventory }).inventory.interfaces[0]!.mac_address).to.equal('52:54:00:aa:bb:cc');
    expect(() => parseInspectionCallback({ inventory: { ...inventory, interfaces: [] } })).to.throw(ShapeError, /inventory.interfaces/);
    const big = { inventory, plugin_data: { blob: 'x'.repeat(100) } };
    expect(() => parseInspectionCallback(big, { maxPluginDataBytes: 10 })).to.throw(PluginDataTooLarge);
    expect(() => checkCallback(big, { maxPluginDataBytes: 10 })).to.throw(PayloadTooLarge, /max_plugin_data_bytes/);
    expect(() => checkCallback({ inventory: {} })).to.throw(InvalidParameterValue, /inventory.cpu/);
  });

  it('each side turns a ShapeError into its own error, and lets others through', () => {
    const bad = () => {
      throw new ShapeError('x is wrong.');
    };
    expect(() => asBadRequest(bad, 'steps[0]')).to.throw(InvalidParameterValue, 'steps[0]: x is wrong.');
    expect(() => asHardwareError(bad, 'bios.get_settings on the agent of node n1')).to.throw(
      HardwareError,
      'bios.get_settings on the agent of node n1 returned a malformed result: x is wrong.',
    );
    expect(() =>
      asBadRequest(() => {
        throw new RangeError('other');
      }),
    ).to.throw(RangeError);
  });
});
