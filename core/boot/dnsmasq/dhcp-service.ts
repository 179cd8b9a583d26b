// dhcp_mode = dnsmasq as one piece for the composition root. It starts the supervisor and keeps
// the host files in step with the ports in the database (at start, then every resync interval).
// The boot servers report to its dnsmasq which client got an iPXE binary over TFTP
// (tftpServed) and which MAC fetched its boot script (bootScriptServed); see boot-servers.ts.
import type { Config } from '../../config.js';
import type { Store } from '../../db/store.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { secureBootWanted } from '../boot-mode.js';
import { isIpv4 } from './config-gen.js';
import { startDnsmasq, type RunningDnsmasq } from './supervisor.js';

export interface DhcpServiceOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** Base URL of the HTTP boot server as machines see it. */
  bootUrl: string;
  netns?: string;
  resyncMs?: number;
  /** Whether Tyr's TFTP server runs: without it, PXE clients are offered no boot file. */
  tftp: boolean;
}

export interface DhcpService {
  dnsmasq: RunningDnsmasq;
  /** Re-reads the ports and rewrites the host files (call after ports change, or wait for the timer). */
  resync(): Promise<void>;
  stop(): Promise<void>;
}

/** The address machines reach TFTP at: boot.tftp_address, else the boot URL's host if it is IPv4. */
export function tftpAddressFor(config: Config, bootUrl: string): string {
  if (config.boot.tftp_address) return config.boot.tftp_address;
  const host = new URL(bootUrl).hostname;
  if (isIpv4(host) && !host.startsWith('127.')) return host;
  throw new ConfigError(
    `boot.tftp_address is not set and the boot URL host ${JSON.stringify(host)} is not an address machines can reach: set boot.tftp_address (or boot.public_url) to Tyr's address on the provisioning network`,
  );
}

/** Every row of a paged list, 1000 at a time. */
async function allPages<T extends { uuid: string }>(list: (marker: string | undefined) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let marker: string | undefined; ;) {
    const page = await list(marker);
    rows.push(...page);
    if (page.length < 1000) return rows;
    marker = page[page.length - 1]!.uuid;
  }
}

/** The PXE-enabled port MACs, and those of them whose node boots with Secure Boot (shim, not iPXE). */
async function pxeMacs(store: Store): Promise<{ macs: string[]; secureBoot: string[] }> {
  const page = { limit: 1000, sortKey: 'id', sortDir: 'asc' } as const;
  const ports = await allPages((marker) => store.ports.list({ pxe_enabled: true }, { ...page, marker }));
  const nodes = await allPages((marker) => store.nodes.list({}, { ...page, marker }));
  const secureNodes = new Set(nodes.filter((n) => secureBootWanted(n)).map((n) => n.id));
  return { macs: ports.map((p) => p.address), secureBoot: ports.filter((p) => secureNodes.has(p.node_id)).map((p) => p.address) };
}

export async function startDhcpService(opts: DhcpServiceOptions): Promise<DhcpService> {
  const { config, store, log } = opts;
  if (opts.tftp && config.boot.tftp_port !== 69) {
    log.warn(
      { tftp_port: config.boot.tftp_port },
      'dhcp_mode dnsmasq: PXE ROMs fetch the iPXE binary from UDP port 69; forward port 69 to boot.tftp_port or set it to 69',
    );
  }
  const dnsmasq = await startDnsmasq({
    config,
    log,
    bootUrl: opts.bootUrl,
    tftpAddress: tftpAddressFor(config, opts.bootUrl),
    tftp: opts.tftp,
    dataDir: config.service.data_dir,
    netns: opts.netns,
  });
  const resync = async () => {
    const { macs, secureBoot } = await pxeMacs(store);
    await dnsmasq.syncHosts(macs, secureBoot);
  };
  try {
    await resync();
  } catch (err) {
    await dnsmasq.stop();
    throw err;
  }
  const timer = setInterval(() => {
    resync().catch((err: Error) => log.error({ err: err.message }, 'cannot sync dnsmasq host files with the ports'));
  }, opts.resyncMs ?? 30_000);
  timer.unref();
  return {
    dnsmasq,
    resync,
    async stop() {
      clearInterval(timer);
      await dnsmasq.stop();
    },
  };
}
