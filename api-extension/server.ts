// `tyr nova-extension`: the os-baremetal-nodes router alone, on its own port.
import express from 'express';
import { TyrClient } from '../client/client.js';
import { NOAUTH, refuseNoauthBeyondLoopback, requestAuth, type AuthSettings } from '../core/api/auth.js';
import { componentLogger, createLogger, type LogLevel, type Logger } from '../core/log.js';
import { boundPort, closeServer, listen } from '../core/listen.js';
import { baremetalNodesRouter } from './router.js';

/** Where a Nova-facing service listens, how its callers authenticate, and how it reaches the core. */
export interface ExtensionConfig {
  host: string;
  port: number;
  coreUrl: string;
  /** The service's own user on the core (an admin there: it writes), never the caller's. */
  coreUsername?: string;
  corePassword?: string;
  /** How callers authenticate; default noauth (loopback only). */
  auth?: AuthSettings;
  /** Default info. */
  logLevel?: LogLevel;
}

/** The root logger of a Nova-facing service, from its configuration. */
export function extensionLogger(cfg: Pick<ExtensionConfig, 'logLevel'>): Logger {
  return createLogger(cfg.logLevel ?? 'info');
}

export async function startExtension(cfg: ExtensionConfig): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const authSettings = cfg.auth ?? NOAUTH;
  refuseNoauthBeyondLoopback('os-baremetal-nodes', cfg.host, authSettings);
  const auth = requestAuth({ ...authSettings, realm: 'os-baremetal-nodes' }, componentLogger(extensionLogger(cfg), 'nova-extension'));
  const client = new TyrClient({ url: cfg.coreUrl, username: cfg.coreUsername, password: cfg.corePassword });
  const app = express();
  app.disable('x-powered-by');
  app.use('/os-baremetal-nodes', baremetalNodesRouter(client, auth));
  const server = await listen(app, cfg.host, cfg.port, 'os-baremetal-nodes', 'port');
  const port = boundPort(server);
  return { url: `http://${cfg.host}:${port}`, port, stop: () => closeServer(server) };
}
