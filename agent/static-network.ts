// The node's network_data (from the virtual-media CD's config drive) as busybox `ip` commands:
// what the ramdisk runs instead of DHCP when the network has no DHCP server. Pure, so the mapping
// is unit-tested without touching a NIC. Links are matched to interfaces by MAC; ipv4 networks
// get their address and routes, ipv4_dhcp networks are left to DHCP, and anything the ramdisk
// does not do (bonds, vlans, ipv6) is reported as skipped rather than half applied.
import type { NetworkData } from '../protocol/network-data.js';

export interface StaticNetworkPlan {
  /** argv lists for `ip`, in order: links up (with MTU), addresses, then routes (their gateways are on-link by then). */
  commands: string[][];
  /** /etc/resolv.conf, or null when the plan names no name server. */
  resolvConf: string | null;
  /** Interfaces that get a static address. */
  configured: string[];
  /** Interfaces whose network is ipv4_dhcp. */
  dhcp: string[];
  /** Why parts of the plan were not applied, for the log. */
  skipped: string[];
}

/** `interfaces`: MAC (lower case) → interface name, of the machine's NICs. */
export function staticNetworkPlan(data: NetworkData, interfaces: ReadonlyMap<string, string>): StaticNetworkPlan {
  const up: string[][] = [];
  const addresses: string[][] = [];
  const routes: string[][] = [];
  const configured: string[] = [];
  const dhcp: string[] = [];
  const skipped: string[] = [];
  const ifaceOfLink = new Map<string, string>();

  for (const link of data.links) {
    if (!link.mac) {
      skipped.push(`link ${link.id} (${link.type}) has no MAC; bonds and vlans are not configured in the ramdisk`);
      continue;
    }
    const iface = interfaces.get(link.mac);
    if (!iface) {
      skipped.push(`link ${link.id}: no NIC has MAC ${link.mac}`);
      continue;
    }
    ifaceOfLink.set(link.id, iface);
    up.push(['link', 'set', iface, 'up', ...(link.mtu ? ['mtu', String(link.mtu)] : [])]);
  }

  for (const net of data.networks) {
    const iface = ifaceOfLink.get(net.link);
    if (!iface) {
      skipped.push(`network ${net.id}: its link ${net.link} is not configured`);
      continue;
    }
    if (net.type === 'ipv4_dhcp') {
      if (!dhcp.includes(iface)) dhcp.push(iface);
      continue;
    }
    if (net.type !== 'ipv4' || net.address === null || net.prefix === null) {
      skipped.push(`network ${net.id}: type ${net.type} is not configured in the ramdisk (only ipv4 and ipv4_dhcp)`);
      continue;
    }
    // The first static network of an interface replaces whatever it had (an agent restarted
    // within a boot finds its own addresses: busybox ip has no "addr replace").
    if (!configured.includes(iface)) {
      addresses.push(['-4', 'addr', 'flush', 'dev', iface]);
      configured.push(iface);
    }
    addresses.push(['addr', 'add', `${net.address}/${net.prefix}`, 'dev', iface]);
    for (const r of net.routes) {
      const destination = r.prefix === 0 ? 'default' : `${r.network}/${r.prefix}`;
      routes.push(['route', 'replace', destination, 'via', r.gateway, 'dev', iface]);
    }
  }

  const resolvConf = data.dns.length ? data.dns.map((d) => `nameserver ${d}\n`).join('') : null;
  return { commands: [...up, ...addresses, ...routes], resolvConf, configured, dhcp, skipped };
}
