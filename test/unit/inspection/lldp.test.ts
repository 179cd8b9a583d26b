// LLDP TLVs as IPA reports them ([type, hex]) read into a port's local_link_connection.
import { expect } from 'chai';
import { localLinkConnection } from '../../../core/conductor/inspection/lldp.js';

const hex = (s: string) => Buffer.from(s).toString('hex');

describe('localLinkConnection (LLDP → switch port)', () => {
  it('reads the chassis MAC, the port name and the system name', () => {
    const lldp = [
      [1, '04' + '88a2c3d4e5f6'],
      [2, '05' + hex('Ethernet1/17')],
      [5, hex('switch-r11a')],
      [0, ''],
    ];
    expect(localLinkConnection(lldp)).to.deep.equal({
      switch_id: '88:a2:c3:d4:e5:f6',
      port_id: 'Ethernet1/17',
      switch_info: 'switch-r11a',
    });
  });

  it('reads a MAC port ID and a locally assigned one', () => {
    expect(localLinkConnection([[2, '03' + 'aabbccddeeff']])).to.deep.equal({ port_id: 'aa:bb:cc:dd:ee:ff' });
    expect(localLinkConnection([[2, '07' + hex('517')]])).to.deep.equal({ port_id: '517' });
  });

  it('skips what it cannot read: no LLDP, other subtypes, bad hex, short MACs, control characters', () => {
    expect(localLinkConnection(null)).to.deep.equal({});
    expect(localLinkConnection([[1, '05' + hex('eth0')], [2, 'zz'], [1, '04aabb'], [5, hex('a\nb')], 'junk'])).to.deep.equal({});
  });
});
