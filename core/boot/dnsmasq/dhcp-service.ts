// dhcp_mode = dnsmasq as one piece for the composition root. It starts the supervisor and keeps
// the host files in step with the ports in the database (at start, then every resync interval).
// The boot servers report to its dnsmasq which client got an iPXE binary over TFTP
// (tftpServed) and which MAC fetched its boot script (bootScriptServed); see boot-servers.ts.
import type { Config } from '../../config.js';
import type { Store } from '../../db/store.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';
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

async function pxeMacs(store: Store): Promise<string[]> {
  const macs: string[] = [];
  for (let marker: string | undefined; ;) {
    const page = await store.ports.list({ pxe_enabled: true }, { limit: 1000, marker, sortKey: 'id', sortDir: 'asc' });
    macs.push(...page.map((p) => p.address));
    if (page.length < 1000) return macs;
    marker = page[page.length - 1]!.uuid;
  }
}

export async function startDhcpService(opts: DhcpServiceOptions): Promise<DhcpService> {
  const { config, store, log } = opts;
  if (config.boot.tftp_port !== 69) {
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
    dataDir: config.service.data_dir,
    netns: opts.netns,
  });
  const resync = async () => dnsmasq.syncHosts(await pxeMacs(store));
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
