// Starts the shim: a TyrClient for the core, the node cache, the express app, and the listening
// socket on loopback. Used by `tyr nova-shim` and by the tests.
import type http from 'node:http';
import type { RequestHandler, Router } from 'express';
import { extensionLogger, type ExtensionConfig } from '../api-extension/server.js';
import { TyrClient } from '../client/client.js';
import { NOAUTH, refuseNoauthBeyondLoopback, requestAuth } from '../core/api/auth.js';
import { boundPort, closeServer, listen } from '../core/listen.js';
import { componentLogger } from '../core/log.js';
import { buildShimApp } from './app.js';
import type { ShimOptions } from './context.js';
import { NodeCache } from './node-cache.js';

/** The os-baremetal-nodes service's settings (listening, callers' auth, the core user), plus the shim's own. */
export interface ShimConfig extends ShimOptions, ExtensionConfig {
  cacheTtlMs: number;
  pageSize: number;
  /** The os-baremetal-nodes router, built on the same client, behind the shim's authentication. */
  extension?: (client: TyrClient, auth: RequestHandler) => Router;
}

export const SHIM_DEFAULTS = {
  host: '127.0.0.1',
  port: 6386,
  cacheTtlMs: 10_000,
  pageSize: 100,
  deployTimeoutMs: 3_600_000,
  actionTimeoutMs: 600_000,
  pollIntervalMs: 1000,
};

export interface RunningShim {
  server: http.Server;
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startShim(cfg: ShimConfig): Promise<RunningShim> {
  const client = new TyrClient({ url: cfg.coreUrl, username: cfg.coreUsername, password: cfg.corePassword, apiVersion: 'latest' });
  const cache = new NodeCache(client, { ttlMs: cfg.cacheTtlMs, pageSize: cfg.pageSize });
  const shim = {
    client,
    cache,
    reserving: new Set<string>(),
    opts: { deployTimeoutMs: cfg.deployTimeoutMs, actionTimeoutMs: cfg.actionTimeoutMs, pollIntervalMs: cfg.pollIntervalMs },
  };
  const log = componentLogger(extensionLogger(cfg), 'nova-shim');
  const authSettings = cfg.auth ?? NOAUTH;
  refuseNoauthBeyondLoopback('The Nova shim', cfg.host, authSettings);
  const auth = requestAuth({ ...authSettings, realm: 'Tyr Nova shim' }, log);
  const app = buildShimApp(shim, { pageSize: cfg.pageSize, log, auth, baremetalNodes: cfg.extension?.(client, auth) });
  const server = await listen(app, cfg.host, cfg.port, 'Nova shim', 'port');
  const port = boundPort(server);
  log.info({ port, core: client.url, auth_strategy: authSettings.strategy }, 'Nova shim listening');
  return { server, port, url: `http://${cfg.host}:${port}`, stop: () => closeServer(server) };
}
