// `tyr nova-extension`: the os-baremetal-nodes router alone, on its own port.
import express from 'express';
import { TyrClient } from '../client/client.js';
import { boundPort, closeServer, listen } from '../core/listen.js';
import { baremetalNodesRouter } from './router.js';

export interface ExtensionConfig { host: string; port: number; coreUrl: string; coreUsername?: string; corePassword?: string }

export async function startExtension(cfg: ExtensionConfig): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const client = new TyrClient({ url: cfg.coreUrl, username: cfg.coreUsername, password: cfg.corePassword });
  const app = express();
  app.disable('x-powered-by');
  app.use('/os-baremetal-nodes', baremetalNodesRouter(client));
  const server = await listen(app, cfg.host, cfg.port, 'os-baremetal-nodes', 'port');
  const port = boundPort(server);
  return { url: `http://${cfg.host}:${port}`, port, stop: () => closeServer(server) };
}
