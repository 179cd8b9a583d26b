// network_data (the config drive's network plan) → the busybox `ip` commands the ramdisk runs
// when it boots from virtual media on a network without DHCP.
import { expect } from 'chai';
import { parseNetworkData } from '../../../protocol/network-data.js';
import { staticNetworkPlan } from '../../../agent/static-network.js';

const NICS = new Map([
  ['52:54:00:aa:bb:01', 'eth0'],
  ['52:54:00:aa:bb:02', 'eth1'],
  ['52:54:00:aa:bb:03', 'eth2'],
]);

describe('agent static network from network_data', () => {
  it('brings each link up by MAC, adds its ipv4 address, then its routes, and writes the name servers', () => {
    const plan = staticNetworkPlan(
      parseNetworkData({
        links: [
          { id: 'a', type: 'phy', ethernet_mac_address: '52:54:00:AA:BB:02', mtu: 9000 },
          { id: 'b', type: 'ethernet', ethernet_mac_address: '52:54:00:aa:bb:01' },
        ],
        networks: [
          {
            id: 'prov',
            type: 'ipv4',
            link: 'a',
            ip_address: '192.0.2.10',
            netmask: '255.255.255.0',
            routes: [
              { network: '0.0.0.0', netmask: '0.0.0.0', gateway: '192.0.2.1' },
              { network: '198.51.100.0', netmask: '255.255.255.128', gateway: '192.0.2.254' },
            ],
          },
          { id: 'second', type: 'ipv4', link: 'a', ip_address: '203.0.113.7/28' },
          { id: 'other', type: 'ipv4_dhcp', link: 'b' },
        ],
        services: [
          { type: 'dns', address: '192.0.2.53' },
          { type: 'ntp', address: '192.0.2.123' },
          { type: 'dns', address: '192.0.2.54' },
        ],
      }),
      NICS,
    );
    expect(plan.commands).to.deep.equal([
      ['link', 'set', 'eth1', 'up', 'mtu', '9000'],
      ['link', 'set', 'eth0', 'up'],
      ['-4', 'addr', 'flush', 'dev', 'eth1'],
      ['addr', 'add', '192.0.2.10/24', 'dev', 'eth1'],
      ['addr', 'add', '203.0.113.7/28', 'dev', 'eth1'],
      ['route', 'replace', 'default', 'via', '192.0.2.1', 'dev', 'eth1'],
      ['route', 'replace', '198.51.100.0/25', 'via', '192.0.2.254', 'dev', 'eth1'],
    ]);
    expect(plan.configured).to.deep.equal(['eth1']);
    expect(plan.dhcp).to.deep.equal(['eth0']);
    expect(plan.resolvConf).to.equal('nameserver 192.0.2.53\nnameserver 192.0.2.54\n');
    expect(plan.skipped).to.deep.equal([]);
  });

  it('skips, with a reason, links no NIC has, bonds without a MAC and ipv6 networks', () => {
    const plan = staticNetworkPlan(
      parseNetworkData({
        links: [
          { id: 'gone', ethernet_mac_address: '52:54:00:00:00:99' },
          { id: 'bond0', type: 'bond', bond_links: ['x', 'y'] },
          { id: 'ok', ethernet_mac_address: '52:54:00:aa:bb:03' },
        ],
        networks: [
          { id: 'n1', type: 'ipv4', link: 'gone', ip_address: '192.0.2.10', netmask: '255.255.255.0' },
          { id: 'n2', type: 'ipv6', link: 'ok', ip_address: '2001:db8::5/64' },
        ],
      }),
      NICS,
    );
    expect(plan.commands).to.deep.equal([['link', 'set', 'eth2', 'up']]);
    expect(plan.configured).to.deep.equal([]);
    expect(plan.resolvConf).to.equal(null);
    expect(plan.skipped).to.have.length(4);
    expect(plan.skipped.join('\n'))
      .to.include('no NIC has MAC 52:54:00:00:00:99')
      .and.include('bond0 (bond) has no MAC')
      .and.include('network n1: its link gone is not configured')
      .and.include('type ipv6 is not configured');
  });
});
