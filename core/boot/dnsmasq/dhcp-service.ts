// dhcp_mode = dnsmasq as one piece for the composition root. It starts the supervisor, keeps the
// host files in step with the ports in the database (at start, then every resync interval), and
// hands out the two hooks the boot servers need: a logger wrapper for the TFTP server (it reports
// which client got an iPXE binary) and a request listener wrapper for the HTTP boot server (it
// reports which MAC fetched its boot script).
import type http from 'node:http';
import type { Config } from '../../config.js';
import type { Store } from '../../db/store.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { isIpv4 } from './config-gen.js';
import { startDnsmasq, type RunningDnsmasq } from './supervisor.js';
import { tapTftpReads } from './tftp-tap.js';

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
  throw new ConfigError(`boot.tftp_address is not set and the boot URL host ${JSON.stringify(host)} is not an address machines can reach: set boot.tftp_address (or boot.public_url) to Tyr's address on the provisioning network`);
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
    log.warn({ tftp_port: config.boot.tftp_port }, 'dhcp_mode dnsmasq: PXE ROMs fetch the iPXE binary from UDP port 69; forward port 69 to boot.tftp_port or set it to 69');
  }
  const dnsmasq = await startDnsmasq({ config, log, bootUrl: opts.bootUrl, tftpAddress: tftpAddressFor(config, opts.bootUrl),
    dataDir: config.service.data_dir, netns: opts.netns });
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

/** Wraps the TFTP server's logger so served iPXE binaries reach `service` (which may start later). */
export function tftpLogFor(log: Logger, service: () => DhcpService | undefined): Logger {
  return tapTftpReads(log, (client, file) => {
    void service()?.dnsmasq.tftpServed(client, file);
  });
}

const SCRIPT_PATH = /^\/boot\/([^/?]+)\.ipxe(\?|$)/;

/** Wraps the HTTP boot app so each served `/boot/<mac>.ipxe` reaches `service` (which may start later). */
export function withBootScriptHook(app: http.RequestListener, service: () => DhcpService | undefined): http.RequestListener {
  return (req, res) => {
    const m = SCRIPT_PATH.exec(req.url ?? '');
    if (m && req.method === 'GET') {
      let mac = m[1]!;
      try { mac = decodeURIComponent(mac); } catch { /* a bad escape: leave it, the app answers 404 */ }
      res.once('finish', () => {
        if (res.statusCode === 200) void service()?.dnsmasq.bootScriptServed(mac.replace(/-/g, ':'));
      });
    }
    app(req, res);
  };
}
