// dhcp_mode = dnsmasq as one piece for the composition root. It starts the supervisor and keeps
// the host files in step with the ports in the database: a full rebuild at start and every
// fullResyncMs, and in between, every resync interval, a pass over what changed (pxe-host-sync.ts).
// The boot servers report to its dnsmasq which client got an iPXE binary over TFTP
// (tftpServed) and which MAC fetched its boot script (bootScriptServed); see boot-servers.ts.
import type { Config } from '../../config.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { secureBootWanted } from '../boot-mode.js';
import { isIpv4 } from './config-gen.js';
import { PxeHostSync } from './pxe-host-sync.js';
import { startDnsmasq, type RunningDnsmasq } from './supervisor.js';

export interface DhcpServiceOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** Base URL of the HTTP boot server as machines see it. */
  bootUrl: string;
  netns?: string;
  resyncMs?: number;
  /** How often a resync reads every port and node instead of what changed (drift heals). */
  fullResyncMs?: number;
  /** Whether Tyr's TFTP server runs: without it, PXE clients are offered no boot file. */
  tftp: boolean;
}

export interface DhcpService {
  dnsmasq: RunningDnsmasq;
  /** Reads the ports and nodes changed since the last pass and rewrites the host files that changed (a full rebuild when one is due). */
  resync(): Promise<void>;
  /** Reads every PXE port and node, and rewrites the host files that changed. */
  rebuild(): Promise<void>;
  /** Rewrites the host files of one node's PXE ports now (its ports only: no scan). */
  refreshNode(node: Node): Promise<void>;
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
  const hosts = new PxeHostSync(store);
  const fullEveryMs = opts.fullResyncMs ?? 10 * 60_000;
  let lastRebuild = 0;
  // One pass at a time: the timer and an explicit call share the in-memory state.
  let passes: Promise<void> = Promise.resolve();
  const serially = (pass: () => Promise<void>) => (passes = passes.catch(() => undefined).then(pass));
  const rebuild = () =>
    serially(async () => {
      const { macs, secureBoot } = await hosts.rebuild();
      lastRebuild = Date.now();
      await dnsmasq.syncHosts(macs, secureBoot);
    });
  const resync = () =>
    Date.now() - lastRebuild >= fullEveryMs
      ? rebuild()
      : serially(async () => {
          const { macs, secureBoot } = await hosts.catchUp();
          await dnsmasq.syncHosts(macs, secureBoot);
        });
  try {
    await rebuild();
  } catch (err) {
    await dnsmasq.stop();
    throw err;
  }
  const timer = setInterval(() => {
    resync().catch((err: Error) => log.error({ err: err.message }, 'cannot sync dnsmasq host files with the ports'));
  }, opts.resyncMs ?? 30_000);
  timer.unref();
  const refreshNode = async (node: Node) => {
    const ports = await store.ports.list({ node_id: node.id, pxe_enabled: true }, { limit: 1000, sortKey: 'id', sortDir: 'asc' });
    await dnsmasq.syncNodeHosts(
      ports.map((p) => p.address),
      secureBootWanted(node),
    );
  };
  return {
    dnsmasq,
    resync,
    rebuild,
    refreshNode,
    async stop() {
      clearInterval(timer);
      await dnsmasq.stop();
    },
  };
}
