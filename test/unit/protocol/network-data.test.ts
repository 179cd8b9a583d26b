// The network_data check the API, the virtual-media boot and the agent share.
import { expect } from 'chai';
import { hasNetworkData, netmaskToPrefix, parseNetworkData } from '../../../protocol/network-data.js';
import { ShapeError } from '../../../protocol/shape-error.js';

const LINK = { id: 'port0', type: 'phy', ethernet_mac_address: '52:54:00:aa:bb:01' };
const NET = { id: 'net0', type: 'ipv4', link: 'port0', ip_address: '192.0.2.10', netmask: '255.255.255.0' };

function problem(doc: unknown): string {
  try {
    parseNetworkData(doc);
  } catch (err) {
    expect(err).to.be.instanceOf(ShapeError);
    return (err as Error).message;
  }
  throw new Error('expected a ShapeError');
}

describe('protocol: network_data', () => {
  it('normalises links, ipv4 networks with netmask or prefix, routes and dns services', () => {
    const nd = parseNetworkData({
      links: [{ ...LINK, ethernet_mac_address: '52:54:00:AA:BB:01', mtu: 1500 }],
      networks: [
        { ...NET, routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '192.0.2.1' }] },
        { id: 'b', type: 'ipv4', link: 'port0', ip_address: '198.51.100.4/30' },
      ],
      services: [{ type: 'dns', address: '192.0.2.53' }],
    });
    expect(nd.links).to.deep.equal([{ id: 'port0', type: 'phy', mac: '52:54:00:aa:bb:01', mtu: 1500 }]);
    expect(nd.networks.map((n) => [n.address, n.prefix])).to.deep.equal([
      ['192.0.2.10', 24],
      ['198.51.100.4', 30],
    ]);
    expect(nd.networks[0]!.routes).to.deep.equal([{ network: '0.0.0.0', prefix: 0, gateway: '192.0.2.1' }]);
    expect(nd.dns).to.deep.equal(['192.0.2.53']);
  });

  it("takes name servers from the top-level services and from each network's (Nova's layout), once each", () => {
    const nd = parseNetworkData({
      links: [LINK],
      networks: [
        {
          ...NET,
          services: [
            { type: 'dns', address: '192.0.2.54' },
            { type: 'dns', address: '192.0.2.53' },
          ],
        },
      ],
      services: [{ type: 'dns', address: '192.0.2.53' }],
    });
    expect(nd.dns).to.deep.equal(['192.0.2.53', '192.0.2.54']);
    expect(problem({ links: [LINK], networks: [{ ...NET, services: [{ type: 'dns' }] }] })).to.include('networks[0].services[0].address');
  });

  it('names the bad entry', () => {
    expect(problem([])).to.include('network_data must be an object');
    expect(problem({ links: {} })).to.include('network_data.links must be a list');
    expect(problem({ links: [{ ...LINK, ethernet_mac_address: 'nope' }] })).to.include('network_data.links[0].ethernet_mac_address');
    expect(problem({ links: [LINK], networks: [{ ...NET, link: 'eth9' }] })).to.include(
      'network_data.networks[0].link "eth9" names no entry',
    );
    expect(problem({ links: [LINK], networks: [{ ...NET, ip_address: '192.0.2.300' }] })).to.include(
      'networks[0].ip_address must be an IPv4',
    );
    expect(problem({ links: [LINK], networks: [{ ...NET, netmask: '255.0.255.0' }] })).to.include('networks[0].netmask');
    expect(problem({ links: [LINK], networks: [{ ...NET, routes: [{ network: '0.0.0.0', netmask: '0.0.0.0' }] }] })).to.include(
      'networks[0].routes[0].gateway',
    );
    expect(problem({ services: [{ type: 'dns' }] })).to.include('services[0].address');
  });

  it('netmasks and emptiness', () => {
    expect(netmaskToPrefix('255.255.255.255')).to.equal(32);
    expect(netmaskToPrefix('255.255.240.0')).to.equal(20);
    expect(netmaskToPrefix('0.0.0.0')).to.equal(0);
    expect(netmaskToPrefix('255.255.0.255')).to.equal(null);
    expect(hasNetworkData({})).to.equal(false);
    expect(hasNetworkData({ links: [] })).to.equal(true);
  });
});
