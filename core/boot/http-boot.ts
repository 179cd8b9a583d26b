// The HTTP boot server: iPXE scripts chosen per MAC from the node's state, and the kernel,
// ramdisk and image files under the boot root (with Range support, for resumable downloads).
// It needs no API credentials, so it serves nothing but these, and never leaves its root.
import express from 'express';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';
import { bootPlanForMac } from './boot-plan.js';
import { recordConfigFetched } from './boot-progress.js';
import { chainScript, entryScript, localBootScript, ramdiskScript } from './ipxe-scripts.js';
import { resolveInsideRoot } from './safe-path.js';
import { limitPerSource } from '../source-limit.js';

export interface HttpBootOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** Directory served under /files/. */
  root: string;
  /** How machines reach this server and the API (no trailing slash). */
  bootUrl(): string;
  apiUrl(): string;
  /**
   * Scale-out: the boot URL of the conductor that owns the node, when that is not this one. Its
   * boot server then answers for the machine, so the script and the files come from one place.
   */
  ownerBootUrl?: (node: Node) => Promise<string | null>;
  /** Called after a per-MAC script was sent (dnsmasq mode clears the MAC's chainload tag). */
  onScriptServed?: (mac: string) => void;
  /** The loader directory, served under /efi/ for UEFI HTTP boot (loader-dir.ts). */
  loaderRoot?: string;
  /** Called after a loader was sent under /efi/ (as the TFTP server's onRead). */
  onLoaderServed?: (clientAddress: string, file: string) => void;
}

const MAC_RE = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

function fileUrl(opts: HttpBootOptions, ref: string): string {
  return /^https?:\/\//.test(ref) ? ref : `${opts.bootUrl()}/files/${ref.replace(/^\/+/, '')}`;
}

/** The iPXE rendering of the machine's boot plan. */
async function scriptForMac(mac: string, opts: HttpBootOptions): Promise<string> {
  const plan = await bootPlanForMac(mac, opts);
  if (plan.node) await recordConfigFetched(opts.store, plan.node);
  if (plan.type === 'chain')
    return chainScript(`node ${plan.node.uuid} is served by the conductor at ${plan.owner}`, `${plan.owner}/boot/${mac}.ipxe`);
  if (plan.type === 'local') return localBootScript(plan.reason, plan.mode);
  return ramdiskScript(`${plan.kind} ramdisk (${plan.reason})`, {
    kernelUrl: fileUrl(opts, plan.kernel),
    ramdiskUrl: fileUrl(opts, plan.ramdisk),
    kernelArgs: plan.kernelArgs,
  });
}

/** Sends a file found under `root`, or a 404 that says nothing about why (the log does). */
async function sendInsideRoot(root: string, requested: string, req: express.Request, res: express.Response, log: Logger): Promise<boolean> {
  const found = await resolveInsideRoot(root, requested);
  if (!found.ok) {
    const level = found.reason === 'no such file' ? 'info' : 'warn';
    log[level]({ client: req.socket.remoteAddress, file: requested, reason: found.reason }, 'HTTP boot file refused');
    res.status(404).type('text/plain').send('Not found\n');
    return false;
  }
  // sendFile answers Range requests (206) and sets Content-Length; dotfiles are files too here.
  res.sendFile(found.file, { dotfiles: 'allow', acceptRanges: true, cacheControl: false }, (err) => {
    if (err && !res.headersSent) res.status(500).end();
  });
  return true;
}

export function buildHttpBootApp(opts: HttpBootOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(limitPerSource(opts.config.http.max_connections_per_source));
  const sendScript = (res: express.Response, script: string) => res.type('text/plain').set('Cache-Control', 'no-store').send(script);

  app.get('/boot.ipxe', (req, res) => {
    opts.log.info({ client: req.socket.remoteAddress }, 'boot script: entry (chains to the per-MAC script)');
    sendScript(res, entryScript(opts.bootUrl()));
  });

  app.get('/boot/:file', async (req, res, next) => {
    const mac = req.params.file.replace(/\.ipxe$/, '');
    if (!req.params.file.endsWith('.ipxe') || !MAC_RE.test(mac)) {
      res.status(404).type('text/plain').send('Boot scripts are named /boot/<mac>.ipxe, e.g. /boot/52:54:00:12:34:56.ipxe\n');
      return;
    }
    try {
      const normalised = mac.replace(/-/g, ':').toLowerCase();
      sendScript(res, await scriptForMac(normalised, opts));
      opts.onScriptServed?.(normalised);
    } catch (err) {
      next(err);
    }
  });

  app.get('/files/*path', async (req, res) => {
    const requested = ([] as string[]).concat((req.params as { path: string | string[] }).path).join('/');
    await sendInsideRoot(opts.root, requested, req, res, opts.log);
  });

  // UEFI HTTP boot: the loaders, by the URL DHCP handed out (dnsmasq/config-gen.ts).
  app.get('/efi/:file', async (req, res) => {
    const { loaderRoot } = opts;
    if (!loaderRoot) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    if (await sendInsideRoot(loaderRoot, req.params.file, req, res, opts.log)) {
      opts.log.info({ client: req.socket.remoteAddress, file: req.params.file }, 'HTTP boot loader served');
      opts.onLoaderServed?.(req.socket.remoteAddress ?? '', req.params.file);
    }
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  app.use(((err, _req, res, _next) => {
    opts.log.error({ err }, 'HTTP boot request failed');
    res.status(500).type('text/plain').send('Internal error\n');
  }) as express.ErrorRequestHandler);
  return app;
}
