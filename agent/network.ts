// Brings the machine's NICs up inside the ramdisk, using busybox. After a virtual-media boot the
// CD is a config drive (label config-2) whose network_data is the node's static plan: it is
// applied with `ip` (static-network.ts), and only its ipv4_dhcp networks use DHCP, since such a
// network may have no DHCP server at all. Otherwise every NIC gets DHCP: `ip link set up` and
// `udhcpc` with the ramdisk's lease script (it sets the address and the default route).
// On a host (tests) TYR_AGENT_SKIP_NETWORK=1 leaves the network alone.
import fs from 'node:fs';
import os from 'node:os';
import { parseNetworkData } from '../protocol/network-data.js';
import { findConfigDrive, readConfigDriveNetworkData } from './config-drive.js';
import { run } from './exec.js';
import { errorText, log } from './log.js';
import { staticNetworkPlan, type StaticNetworkPlan } from './static-network.js';

const RESOLV_CONF = '/etc/resolv.conf';
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

/** The config drive's network plan, or null (no config drive, or none in it: DHCP as usual). */
async function configDrivePlan(): Promise<StaticNetworkPlan | null> {
  const device = findConfigDrive();
  if (!device) return null;
  let raw: unknown;
  try {
    raw = await readConfigDriveNetworkData(device);
  } catch (err) {
    log.error(`network: cannot read the config drive on ${device}: ${errorText(err)}; falling back to DHCP`);
    return null;
  }
  if (raw === null) {
    log.info(`network: the config drive on ${device} has no network_data.json; using DHCP`);
    return null;
  }
  try {
    const interfaces = new Map(physicalInterfaces().flatMap((nic) => (macOf(nic) ? [[macOf(nic)!, nic] as const] : [])));
    return staticNetworkPlan(parseNetworkData(raw), interfaces);
  } catch (err) {
    log.error(`network: the config drive's network_data is unusable (${errorText(err)}); falling back to DHCP`);
    return null;
  }
}

async function applyStaticPlan(plan: StaticNetworkPlan): Promise<void> {
  for (const reason of plan.skipped) log.warn(`network: ${reason}`);
  for (const argv of plan.commands) {
    try {
      await run('ip', argv, 10_000);
    } catch (err) {
      log.error(`network: ip ${argv.join(' ')} failed: ${errorText(err)}`);
    }
  }
  if (plan.resolvConf !== null) fs.writeFileSync(RESOLV_CONF, plan.resolvConf);
  log.info(`network: static configuration from the config drive on ${plan.configured.join(', ') || 'no interface'}`);
}

/** DHCP on each of `nics` in turn; returns those that have an address. */
async function dhcpOn(nics: string[]): Promise<string[]> {
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
  return leased;
}

/**
 * The config drive's static plan when there is one; else DHCP on the BOOTIF interface first (the
 * one the core can reach), then the others, so that the machine is reachable on every wired
 * network. Returns the interfaces that have an address.
 */
export async function bringUpNetwork(bootifMac: string | null): Promise<string[]> {
  if (process.env.TYR_AGENT_SKIP_NETWORK === '1') {
    log.info('network: TYR_AGENT_SKIP_NETWORK=1, leaving interfaces as they are');
    return [];
  }
  const plan = await configDrivePlan();
  if (plan) {
    await applyStaticPlan(plan);
    return [...plan.configured, ...(await dhcpOn(plan.dhcp))];
  }
  const nics = physicalInterfaces();
  nics.sort((a, b) => Number(macOf(b) === bootifMac) - Number(macOf(a) === bootifMac));
  const leased = await dhcpOn(nics);
  if (leased.length === 0) log.warn('network: no interface got a DHCP lease; the core is probably unreachable');
  return leased;
}
