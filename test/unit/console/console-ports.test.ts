// Console port allocation (console.port_range) and the replay ring buffer.
import { expect } from 'chai';
import { ConfigError } from '../../../core/errors.js';
import { NoFreeConsolePort } from '../../../core/errors.js';
import { parsePortRange, PortAllocator } from '../../../core/console/port-allocator.js';
import { RingBuffer } from '../../../core/console/ring-buffer.js';

describe('console port allocator', () => {
  it('parses "<first>:<last>" and refuses anything else with the setting named', () => {
    expect(parsePortRange('10000:10099')).to.deep.equal({ first: 10000, last: 10099 });
    expect(parsePortRange(' 5 : 5 ')).to.deep.equal({ first: 5, last: 5 });
    for (const bad of ['', '10000', '10:5', '0:10', '1:70000', 'a:b', '1-2']) {
      expect(() => parsePortRange(bad), bad).to.throw(ConfigError, /console\.port_range/);
    }
  });

  it('hands out one port per owner, gives the same one back, and reuses released ports', () => {
    const a = new PortAllocator('100:102');
    expect(a.allocate('n1')).to.equal(100);
    expect(a.allocate('n2')).to.equal(101);
    expect(a.allocate('n1')).to.equal(100);
    a.release('n1');
    expect(a.inUse).to.equal(1);
    expect(a.allocate('n3')).to.equal(100);
    expect(a.portOf('n2')).to.equal(101);
  });

  it('skips ports other programs hold, moving an owner off its busy port', () => {
    const a = new PortAllocator('100:102');
    expect(a.allocate('n1', new Set([100, 101]))).to.equal(102);
    expect(a.allocate('n2')).to.equal(100);
    expect(a.allocate('n2', new Set([100]))).to.equal(101);
    expect(a.inUse).to.equal(2);
  });

  it('answers 503 naming the range setting when the range is used up', () => {
    const a = new PortAllocator('100:101');
    a.allocate('n1');
    a.allocate('n2');
    let err: unknown;
    try {
      a.allocate('n3');
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NoFreeConsolePort);
    expect((err as NoFreeConsolePort).status).to.equal(503);
    expect((err as Error).message)
      .to.match(/all 2 ports of console\.port_range "100:101" are in use/)
      .and.match(/TYR_CONSOLE_PORT_RANGE/);
  });
});

describe('console replay ring buffer', () => {
  it('keeps exactly the last `capacity` bytes across chunk boundaries', () => {
    const r = new RingBuffer(10);
    r.push(Buffer.from('abcdef'));
    r.push(Buffer.from('ghijkl'));
    expect(r.contents().toString()).to.equal('cdefghijkl');
    r.push(Buffer.from('0123456789ABC'));
    expect(r.contents().toString()).to.equal('3456789ABC');
    r.push(Buffer.from('x'));
    expect(r.contents().toString()).to.equal('456789ABCx');
  });

  it('keeps everything below capacity, and nothing with capacity 0', () => {
    const r = new RingBuffer(100);
    r.push(Buffer.from('hello '));
    r.push(Buffer.from('world'));
    expect(r.contents().toString()).to.equal('hello world');
    const none = new RingBuffer(0);
    none.push(Buffer.from('x'));
    expect(none.contents().length).to.equal(0);
  });
});
