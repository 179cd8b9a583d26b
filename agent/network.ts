// Brings the machine's NICs up with DHCP inside the ramdisk, using busybox: `ip link set up` and
// `udhcpc` with the ramdisk's lease script (it sets the address and the default route).
// On a host (tests) TYR_AGENT_SKIP_NETWORK=1 leaves the network alone.
import fs from 'node:fs';
import os from 'node:os';
import { run } from './exec.js';
import { errorText, log } from './log.js';

export const UDHCPC_SCRIPT = process.env.TYR_AGENT_UDHCPC_SCRIPT ?? '/etc/udhcpc.script';
const SYS_NET = '/sys/class/net';

/** Interfaces backed by a device (not lo, bridges, tunnels, ifb…): the ones a NIC can boot from. */
export function physicalInterfaces(sysNet = SYS_NET): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(sysNet);
  } catch {
    return [];
  }
  return names.filter((name) => fs.existsSync(`${sysNet}/${name}/device`)).sort();
}

export function macOf(name: string, sysNet = SYS_NET): string | null {
  try {
    const mac = fs.readFileSync(`${sysNet}/${name}/address`, 'utf8').trim().toLowerCase();
    return mac && mac !== '00:00:00:00:00:00' ? mac : null;
  } catch {
    return null;
  }
}

function hasIpv4(nic: string): boolean {
  return (os.networkInterfaces()[nic] ?? []).some((a) => a.family === 'IPv4');
}

/**
 * DHCP on the BOOTIF interface first (the one the core can reach), then the others, so that
 * the machine is reachable on every wired network. Returns the interfaces that got a lease.
 */
export async function bringUpNetwork(bootifMac: string | null): Promise<string[]> {
  if (process.env.TYR_AGENT_SKIP_NETWORK === '1') {
    log.info('network: TYR_AGENT_SKIP_NETWORK=1, leaving interfaces as they are');
    return [];
  }
  const nics = physicalInterfaces();
  nics.sort((a, b) => Number(macOf(b) === bootifMac) - Number(macOf(a) === bootifMac));
  const leased: string[] = [];
  for (const nic of nics) {
    // The ramdisk's init may already have leased it (its udhcpc keeps renewing), and the agent
    // restarted within a boot finds its NICs configured: a second DHCP client would only race.
    if (hasIpv4(nic)) {
      leased.push(nic);
      log.info(`network: ${nic} (${macOf(nic)}) already has an IPv4 address, no DHCP needed`);
      continue;
    }
    try {
      await run('ip', ['link', 'set', nic, 'up'], 10_000);
      // -n: give up when no lease (instead of retrying for ever); -q: exit once leased.
      await run('udhcpc', ['-i', nic, '-s', UDHCPC_SCRIPT, '-n', '-q', '-t', '5', '-T', '2'], 30_000);
      leased.push(nic);
      log.info(`network: ${nic} (${macOf(nic)}) has a DHCP lease`);
    } catch (err) {
      log.warn(`network: no DHCP lease on ${nic}: ${errorText(err)}`);
    }
  }
  if (leased.length === 0) log.warn('network: no interface got a DHCP lease; the core is probably unreachable');
  return leased;
}
