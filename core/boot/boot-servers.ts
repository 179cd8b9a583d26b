// Starts the boot side of `tyr server`: the HTTP boot server (always) and TFTP (when a port is
// set and can be bound). Both roots are resolved here, once.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Config } from '../config.js';
import { apiPublicUrl, bootPublicUrl } from '../config-load.js';
import type { Store } from '../db/store.js';
import { boundPort, closeServer, listen } from '../listen.js';
import { componentLogger } from '../log.js';
import { buildHttpBootApp } from './http-boot.js';
import { startTftpServer, type RunningTftp } from './tftp-server.js';

export interface RunningBootServers {
  httpPort: number;
  tftpPort?: number;
  httpRoot: string;
  stop(): Promise<void>;
}

const DEBIAN_IPXE_DIR = '/usr/lib/ipxe';

export async function startBootServers(config: Config, store: Store, apiPort: () => number): Promise<RunningBootServers> {
  const log = componentLogger('boot');
  const httpRoot = path.resolve(config.boot.http_root || path.join(config.service.data_dir, 'boot'));
  fs.mkdirSync(httpRoot, { recursive: true });
  let httpPort = config.boot.http_port;
  const app = buildHttpBootApp({
    config, store, log, root: httpRoot,
    bootUrl: () => bootPublicUrl(config, httpPort),
    apiUrl: () => apiPublicUrl(config, apiPort()),
  });
  const server: http.Server = await listen(app, config.boot.http_host, config.boot.http_port, 'HTTP boot server', 'boot-http-port');
  httpPort = boundPort(server);
  log.info({ host: config.boot.http_host, port: httpPort, root: httpRoot }, 'HTTP boot server listening');

  let tftp: RunningTftp | undefined;
  if (config.boot.tftp_port > 0) {
    const root = config.boot.tftp_root || DEBIAN_IPXE_DIR;
    tftp = await startTftpServer({ root, host: config.boot.http_host, port: config.boot.tftp_port, log });
  }
  return {
    httpPort, httpRoot, tftpPort: tftp?.port,
    async stop() {
      await tftp?.close();
      await closeServer(server);
    },
  };
}
