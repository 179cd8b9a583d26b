// Starts the boot side of `tyr server`: the HTTP boot server (always) and TFTP (when a port is
// set and can be bound). Both roots are resolved here, once.
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import type { Config } from '../config.js';
import { apiPublicUrl, bootPublicUrl } from '../config-load.js';
import type { Store } from '../db/store.js';
import { boundPort, closeServer, listen, requestTimeoutsOf } from '../listen.js';
import { componentLogger, type Logger } from '../log.js';
import { startDhcpService, type DhcpService } from './dnsmasq/dhcp-service.js';
import { buildHttpBootApp, type HttpBootOptions } from './http-boot.js';
import { httpBootRoot } from './http-root.js';
import { grubTftpAnswers } from './grub-tftp.js';
import { loaderEvents } from './loader-events.js';
import { prepareLoaderDir } from './loader-dir.js';
import { FILES_DIR, GRUB_DIR } from './grub-configs.js';
import { macForIp } from './dnsmasq/leases.js';
import { startTftpServer, type RunningTftp } from './tftp-server.js';

export interface RunningBootServers {
  httpPort: number;
  tftpPort?: number;
  httpRoot: string;
  /** The loader directory: the TFTP root, and /efi/ over HTTP. */
  loaderRoot: string;
  /** dnsmasq, in dhcp_mode = dnsmasq. */
  dhcp?: DhcpService;
  stop(): Promise<void>;
}

export interface BootServerOptions {
  /** The service's logger; the boot and DHCP servers log as components of it. */
  log: Logger;
  /** Run dnsmasq inside this network namespace (tests). */
  netns?: string;
  /** Scale-out: see HttpBootOptions.ownerBootUrl. */
  ownerBootUrl?: HttpBootOptions['ownerBootUrl'];
}

export async function startBootServers(
  config: Config,
  store: Store,
  apiPort: () => number,
  opts: BootServerOptions,
): Promise<RunningBootServers> {
  const log = componentLogger(opts.log, 'boot');
  const httpRoot = httpBootRoot(config);
  fs.mkdirSync(httpRoot, { recursive: true });
  const loaders = prepareLoaderDir(config, log);
  let httpPort = config.boot.http_port;
  // dnsmasq starts last (it needs the HTTP port); the TFTP and HTTP hooks reach it once it runs.
  let dhcp: DhcpService | undefined;
  const events = loaderEvents({
    store,
    log,
    macFor: async (address) => (dhcp ? macForIp(dhcp.dnsmasq.leaseFile, address) : undefined),
    secureBootProblem: loaders.secureBootProblem,
  });
  // A loader went out (TFTP or /efi/): dnsmasq tags an iPXE client for the HTTP leg; the node's progress is recorded.
  // The HTTP server sees IPv4 clients as IPv4-mapped IPv6; the lease file has plain IPv4.
  const loaderServed = (client: string, file: string) => {
    const address = client.replace(/^::ffff:/, '');
    void dhcp?.dnsmasq.tftpServed(address, file);
    events.served(address, file);
  };
  const apiUrl = () => apiPublicUrl(config, apiPort());
  const app = buildHttpBootApp({
    config,
    store,
    log,
    root: httpRoot,
    bootUrl: () => bootPublicUrl(config, httpPort),
    apiUrl,
    onScriptServed: (mac) => void dhcp?.dnsmasq.bootScriptServed(mac),
    ownerBootUrl: opts.ownerBootUrl,
    loaderRoot: loaders.root,
    onLoaderServed: loaderServed,
  });
  const server: http.Server = await listen(
    app,
    config.boot.http_host,
    config.boot.http_port,
    'HTTP boot server',
    'boot-http-port',
    requestTimeoutsOf(config),
  );
  httpPort = boundPort(server);
  log.info({ host: config.boot.http_host, port: httpPort, root: httpRoot }, 'HTTP boot server listening');

  let tftp: RunningTftp | undefined;
  const stop = async () => {
    await dhcp?.stop();
    await tftp?.close();
    await closeServer(server);
  };
  try {
    if (config.boot.tftp_port > 0) {
      tftp = await startTftpServer({
        root: loaders.root,
        host: config.boot.http_host,
        port: config.boot.tftp_port,
        log,
        onRead: loaderServed,
        onRefused: (client, file, reason) => events.refused(client, file, reason),
        generated: grubTftpAnswers({ config, store, log, apiUrl, ownerBootUrl: opts.ownerBootUrl }),
        // GRUB asks for /grub/… and /files/… (absolute): both are roots of their own, never "/".
        mounts: { [FILES_DIR]: httpRoot, [GRUB_DIR]: path.join(loaders.root, GRUB_DIR) },
      });
    }
    if (config.boot.dhcp_mode === 'dnsmasq') {
      dhcp = await startDhcpService({
        config,
        store,
        log: componentLogger(opts.log, 'dhcp'),
        bootUrl: bootPublicUrl(config, httpPort),
        netns: opts.netns,
        tftp: tftp !== undefined,
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { httpPort, httpRoot, loaderRoot: loaders.root, tftpPort: tftp?.port, dhcp, stop };
}
