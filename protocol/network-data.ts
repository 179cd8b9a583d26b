// A node's network_data (Ironic's node field since API 1.66, the OpenStack config-drive format of
// openstack/latest/network_data.json): the static network plan the ramdisk applies when there is
// no DHCP. The API checks it when it is written (a 400 naming the bad entry), the virtual-media
// boot checks it before it packs it into the ISO, and the agent parses it again from the CD, so
// all three agree on what is usable. Only what the agent acts on is checked strictly: links with
// a MAC, ipv4 networks (address, netmask or prefix, routes) and dns services; other link and
// network types (bond, vlan, ipv6…) are kept for cloud-init-style readers and skipped by the agent.
import { asObject, ShapeError } from './shape-error.js';

export interface NetworkDataLink {
  id: string;
  type: string;
  /** Lower case with colons; null for a link without one (a bond, a vlan). */
  mac: string | null;
  mtu: number | null;
}

export interface NetworkDataRoute {
  /** Destination network address; "0.0.0.0" with prefix 0 is the default route. */
  network: string;
  prefix: number;
  gateway: string;
}

export interface NetworkDataNetwork {
  id: string;
  /** "ipv4" (static), "ipv4_dhcp", or another type the agent skips. */
  type: string;
  link: string;
  /** ipv4 only: the address and its prefix length. */
  address: string | null;
  prefix: number | null;
  routes: NetworkDataRoute[];
}

export interface NetworkData {
  links: NetworkDataLink[];
  networks: NetworkDataNetwork[];
  /** Name servers from services[] of type dns. */
  dns: string[];
}

const MAC_RE = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(value: string): boolean {
  return IPV4_RE.test(value);
}

/** "255.255.255.0" → 24; null for a mask whose ones are not contiguous. */
export function netmaskToPrefix(mask: string): number | null {
  if (!isIpv4(mask)) return null;
  const bits = mask
    .split('.')
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

function list(value: unknown, at: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ShapeError(`${at} must be a list`);
  return value;
}

function entry(value: unknown, at: string): Record<string, unknown> {
  const obj = asObject(value);
  if (!obj) throw new ShapeError(`${at} must be an object`);
  return obj;
}

function text(obj: Record<string, unknown>, key: string, at: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '')
    throw new ShapeError(`${at}.${key} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function ipv4(obj: Record<string, unknown>, key: string, at: string): string {
  const value = text(obj, key, at);
  if (!isIpv4(value)) throw new ShapeError(`${at}.${key} must be an IPv4 address, got ${JSON.stringify(value)}`);
  return value;
}

/** An address with its prefix: "10.0.0.5" with netmask "255.255.255.0", or "10.0.0.5/24". */
function addressAndPrefix(obj: Record<string, unknown>, at: string): { address: string; prefix: number } {
  const raw = text(obj, 'ip_address', at);
  const [address = '', cidr] = raw.split('/');
  if (!isIpv4(address)) throw new ShapeError(`${at}.ip_address must be an IPv4 address, got ${JSON.stringify(raw)}`);
  if (cidr !== undefined) {
    const prefix = Number(cidr);
    if (!/^\d+$/.test(cidr) || prefix > 32) throw new ShapeError(`${at}.ip_address has a bad prefix length: ${JSON.stringify(raw)}`);
    return { address, prefix };
  }
  const mask = text(obj, 'netmask', at);
  const prefix = netmaskToPrefix(mask);
  if (prefix === null)
    throw new ShapeError(`${at}.netmask must be a dotted IPv4 netmask such as 255.255.255.0, got ${JSON.stringify(mask)}`);
  return { address, prefix };
}

function route(value: unknown, at: string): NetworkDataRoute {
  const obj = entry(value, at);
  const network = ipv4(obj, 'network', at);
  const mask = text(obj, 'netmask', at);
  const prefix = netmaskToPrefix(mask);
  if (prefix === null) throw new ShapeError(`${at}.netmask must be a dotted IPv4 netmask, got ${JSON.stringify(mask)}`);
  return { network, prefix, gateway: ipv4(obj, 'gateway', at) };
}

function link(value: unknown, at: string): NetworkDataLink {
  const obj = entry(value, at);
  const mac = obj.ethernet_mac_address;
  if (mac !== undefined && mac !== null && (typeof mac !== 'string' || !MAC_RE.test(mac.toLowerCase()))) {
    throw new ShapeError(`${at}.ethernet_mac_address must be a MAC address such as 52:54:00:12:34:56, got ${JSON.stringify(mac)}`);
  }
  const mtu = obj.mtu;
  if (mtu !== undefined && mtu !== null && (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) {
    throw new ShapeError(`${at}.mtu must be an integer from 68 to 65535, got ${JSON.stringify(mtu)}`);
  }
  return {
    id: text(obj, 'id', at),
    type: typeof obj.type === 'string' ? obj.type : 'phy',
    mac: typeof mac === 'string' ? mac.toLowerCase() : null,
    mtu: typeof mtu === 'number' ? mtu : null,
  };
}

function network(value: unknown, at: string, linkIds: Set<string>): NetworkDataNetwork {
  const obj = entry(value, at);
  const id = text(obj, 'id', at);
  const type = text(obj, 'type', at);
  const linkId = text(obj, 'link', at);
  if (!linkIds.has(linkId))
    throw new ShapeError(`${at}.link "${linkId}" names no entry of links[] (ids: ${[...linkIds].join(', ') || 'none'})`);
  if (type !== 'ipv4') return { id, type, link: linkId, address: null, prefix: null, routes: [] };
  const { address, prefix } = addressAndPrefix(obj, at);
  const routes = list(obj.routes, `${at}.routes`).map((r, i) => route(r, `${at}.routes[${i}]`));
  return { id, type, link: linkId, address, prefix, routes };
}

function dnsServices(value: unknown, at: string): string[] {
  return list(value, at).flatMap((s, i) => {
    const obj = entry(s, `${at}[${i}]`);
    return obj.type === 'dns' ? [text(obj, 'address', `${at}[${i}]`)] : [];
  });
}

/** Checks and normalises a network_data document; ShapeError names the first bad entry. */
export function parseNetworkData(value: unknown, at = 'network_data'): NetworkData {
  const doc = asObject(value);
  if (!doc) throw new ShapeError(`${at} must be an object with links, networks and services`);
  const links = list(doc.links, `${at}.links`).map((l, i) => link(l, `${at}.links[${i}]`));
  const linkIds = new Set(links.map((l) => l.id));
  const networks = list(doc.networks, `${at}.networks`).map((n, i) => network(n, `${at}.networks[${i}]`, linkIds));
  // Name servers are top-level services, and (as Nova writes it) services of each network too.
  const dns = [
    ...dnsServices(doc.services, `${at}.services`),
    ...list(doc.networks, `${at}.networks`).flatMap((n, i) => dnsServices(asObject(n)?.services, `${at}.networks[${i}].services`)),
  ];
  return { links, networks, dns: [...new Set(dns)] };
}

/** Whether a node has a network plan at all ({} is Ironic's "none"). */
export function hasNetworkData(value: unknown): boolean {
  const doc = asObject(value);
  return !!doc && Object.keys(doc).length > 0;
}
