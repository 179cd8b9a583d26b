// A throw-away network namespace for DHCP/PXE tests (LAB.md, "PXE with a real DHCP server"):
// inside it a bridge br0 (IPv4 .1 and an fd00:: address for router advertisements) with an
// optional tap0 for a QEMU machine, and a veth pair whose host end carries .2, where Tyr's TFTP
// and HTTP servers listen. The /24 is private to this namespace and veth; nothing is forwarded
// or NATed. destroy() removes everything it created, and is safe to call twice or after a
// half-finished create().
import { execFileSync } from 'node:child_process';
import { requireTool } from './tools.js';

export interface TestNetns {
  name: string;
  bridge: string;
  tap?: string;
  /** Every tap (tap0, tap1, …): one per QEMU machine. */
  taps: string[];
  hostVeth: string;
  /** Host end of the veth: where Tyr's servers bind. */
  hostAddress: string;
  /** The bridge's address inside the namespace (dnsmasq serves DHCP from it). */
  bridgeAddress: string;
  /** A DHCP range inside the /24, as boot.dhcp_range takes it. */
  dhcpRange: string;
  /** Runs a command inside the namespace: prefix for spawn(). */
  exec: string[];
  destroy(): void;
}

let counter = 0;

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${what} needs root (it creates a network namespace, a bridge and a veth pair): run the test as root, e.g. sudo npx mocha <file>`,
    );
  }
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A 10.251.<n>.0/24 that no route on the host uses yet. */
function freeSubnet(): number {
  const routes = ip('-4', 'route', 'show', 'table', 'all');
  for (let i = 0; i < 250; i++) {
    const n = ((process.pid + counter * 37 + i) % 250) + 2;
    if (!routes.includes(`10.251.${n}.`)) return n;
  }
  throw new Error('no free 10.251.x.0/24 subnet for the test namespace');
}

/** `tap`: one tap (tap0); `taps`: that many (tap0 … tap<n-1>), for several machines. */
export function createNetns(opts: { tap?: boolean; taps?: number } = {}): TestNetns {
  const taps = Array.from({ length: opts.taps ?? (opts.tap ? 1 : 0) }, (_, i) => `tap${i}`);
  requireRoot('this test');
  requireTool('ip');
  counter += 1;
  const id = `${process.pid}-${counter}`;
  const name = `tyr-test-${id}`;
  const hostVeth = `tyrh${id}`.slice(0, 15);
  const n = freeSubnet();
  const created = { ns: false, veth: false };
  const net: TestNetns = {
    name,
    bridge: 'br0',
    tap: taps[0],
    taps,
    hostVeth,
    hostAddress: `10.251.${n}.2`,
    bridgeAddress: `10.251.${n}.1`,
    dhcpRange: `10.251.${n}.100,10.251.${n}.200,255.255.255.0,10m`,
    exec: ['ip', 'netns', 'exec', name],
    destroy() {
      // Deleting the namespace deletes its bridge, tap and the veth end inside it, which takes
      // the host end with it; delete the host end explicitly in case the pair never moved.
      if (created.ns)
        try {
          ip('netns', 'del', name);
        } catch {
          /* already gone */
        }
      if (created.veth)
        try {
          ip('link', 'del', hostVeth);
        } catch {
          /* went with the namespace */
        }
      created.ns = created.veth = false;
    },
  };
  try {
    ip('netns', 'add', name);
    created.ns = true;
    const inNs = (...args: string[]) => ip('-n', name, ...args);
    inNs('link', 'set', 'lo', 'up');
    inNs('link', 'add', 'br0', 'type', 'bridge');
    inNs('addr', 'add', `${net.bridgeAddress}/24`, 'dev', 'br0');
    inNs('addr', 'add', `fd00:251:${n.toString(16)}::1/64`, 'dev', 'br0');
    inNs('link', 'set', 'br0', 'up');
    for (const tap of taps) {
      inNs('tuntap', 'add', 'dev', tap, 'mode', 'tap');
      inNs('link', 'set', tap, 'master', 'br0');
      inNs('link', 'set', tap, 'up');
    }
    ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'veth-ns', 'netns', name);
    created.veth = true;
    // The host end must not take the namespace's router advertisements as its own.
    try {
      execFileSync('sysctl', ['-qw', `net.ipv6.conf.${hostVeth}.accept_ra=0`]);
    } catch {
      /* IPv6 off on the host */
    }
    ip('addr', 'add', `${net.hostAddress}/24`, 'dev', hostVeth);
    ip('link', 'set', hostVeth, 'up');
    inNs('link', 'set', 'veth-ns', 'master', 'br0');
    inNs('link', 'set', 'veth-ns', 'up');
  } catch (err) {
    net.destroy();
    throw err;
  }
  return net;
}

/** True if a namespace or link of this name still exists (for teardown assertions). */
export function netnsExists(name: string): boolean {
  return ip('netns', 'list')
    .split('\n')
    .some((l) => l.split(' ')[0] === name);
}

export function linkExists(name: string): boolean {
  try {
    ip('link', 'show', 'dev', name);
    return true;
  } catch {
    return false;
  }
}
