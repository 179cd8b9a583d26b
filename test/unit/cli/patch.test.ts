import { expect } from 'chai';
import { keyValuesToObject, parseKeyValue, pointerSegment, setPatch, unsetPatch } from '../../../cli/patch.js';

describe('cli arguments to JSON Patch', () => {
  it('k=v values that parse as JSON are sent as JSON, the rest as strings', () => {
    expect(parseKeyValue('cpus=8')).to.deep.equal(['cpus', 8]);
    expect(parseKeyValue('flag=true')).to.deep.equal(['flag', true]);
    expect(parseKeyValue('caps={"boot_mode":"uefi"}')).to.deep.equal(['caps', { boot_mode: 'uefi' }]);
    expect(parseKeyValue('ipmi_address=10.0.0.1')).to.deep.equal(['ipmi_address', '10.0.0.1']);
    expect(parseKeyValue('url=http://x/?a=b')).to.deep.equal(['url', 'http://x/?a=b']);
    expect(parseKeyValue('empty=')).to.deep.equal(['empty', '']);
  });

  it('an argument without = (or with an empty key) is refused', () => {
    expect(() => parseKeyValue('cpus')).to.throw(/expected KEY=VALUE, got "cpus"/);
    expect(() => parseKeyValue('=8')).to.throw(/expected KEY=VALUE/);
  });

  it('builds objects from repeated k=v', () => {
    expect(keyValuesToObject(['a=1', 'b=x', 'a=2'])).to.deep.equal({ a: 2, b: 'x' });
    expect(keyValuesToObject(undefined)).to.deep.equal({});
  });

  it('escapes JSON Pointer segments (RFC 6901)', () => {
    expect(pointerSegment('a/b~c')).to.equal('a~1b~0c');
  });

  it('set: replace for top-level fields, add into dictionaries', () => {
    const ops = setPatch({
      scalars: { name: 'n2', resource_class: 'gold', description: undefined },
      property: ['cpus=8', 'memory_mb=4096'],
      driverInfo: ['ipmi_address=10.0.0.9'],
      extra: ['rack/slot=4'],
    });
    expect(ops).to.deep.equal([
      { op: 'replace', path: '/name', value: 'n2' },
      { op: 'replace', path: '/resource_class', value: 'gold' },
      { op: 'add', path: '/properties/cpus', value: 8 },
      { op: 'add', path: '/properties/memory_mb', value: 4096 },
      { op: 'add', path: '/driver_info/ipmi_address', value: '10.0.0.9' },
      { op: 'add', path: '/extra/rack~1slot', value: 4 },
    ]);
  });

  it('unset: one remove per key or field', () => {
    expect(unsetPatch({ scalars: ['name'], property: ['cpus'], instanceInfo: ['image_source'] })).to.deep.equal([
      { op: 'remove', path: '/name' },
      { op: 'remove', path: '/properties/cpus' },
      { op: 'remove', path: '/instance_info/image_source' },
    ]);
    expect(unsetPatch({})).to.deep.equal([]);
  });
});
