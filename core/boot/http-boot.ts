// The HTTP boot server: iPXE scripts chosen per MAC from the node's state, and the kernel,
// ramdisk and image files under the boot root (with Range support, for resumable downloads).
// It needs no API credentials, so it serves nothing but these, and never leaves its root.
import express from 'express';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';
import { bootKindFor, type BootKind } from './boot-decision.js';
import { chainScript, entryScript, localBootScript, ramdiskScript } from './ipxe-scripts.js';
import { resolveInsideRoot } from './safe-path.js';
import { isSafeBootReference } from './boot-refs.js';
import { ramdiskReference } from './ramdisk-choice.js';
import { ramdiskKernelArgs } from './ramdisk-kernel-args.js';
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
}

const MAC_RE = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

function fileUrl(opts: HttpBootOptions, ref: string): string {
  return /^https?:\/\//.test(ref) ? ref : `${opts.bootUrl()}/files/${ref.replace(/^\/+/, '')}`;
}

type RamdiskFiles = { kernelUrl: string; ramdiskUrl: string } | { problem: string } | undefined;

/** The kernel and ramdisk URLs; a stored reference that could break the script is a problem, not a word of it. */
function ramdiskFor(kind: Exclude<BootKind, 'local'>, node: Node | undefined, opts: HttpBootOptions): RamdiskFiles {
  const purpose = kind === 'rescue' ? 'rescue' : 'deploy';
  const pick = (what: 'kernel' | 'ramdisk') => ramdiskReference(purpose, what, node, opts.config);
  const kernel = pick('kernel');
  const ramdisk = pick('ramdisk');
  if (!kernel.value || !ramdisk.value) return undefined;
  for (const ref of [kernel, ramdisk]) {
    if (typeof ref.value !== 'string' || !isSafeBootReference(ref.value))
      return { problem: `${ref.key} is not an http(s) URL or a file name under the boot root` };
  }
  return { kernelUrl: fileUrl(opts, kernel.value as string), ramdiskUrl: fileUrl(opts, ramdisk.value as string) };
}

async function scriptForMac(mac: string, opts: HttpBootOptions): Promise<string> {
  const port = await opts.store.ports.findByAddress(mac);
  const node = port ? await opts.store.nodes.findById(port.node_id) : undefined;
  const { kind, reason } = bootKindFor(node, opts.config.discovery.enabled);
  const log = opts.log.child({ mac, node_uuid: node?.uuid });
  const owner = node && (await opts.ownerBootUrl?.(node));
  if (owner) {
    log.info({ owner }, "boot script: chained to the node's conductor");
    return chainScript(`node ${node.uuid} is served by the conductor at ${owner}`, `${owner}/boot/${mac}.ipxe`);
  }
  if (kind === 'local') {
    log.info({ reason }, 'boot script: local disk');
    return localBootScript(reason);
  }
  const files = ramdiskFor(kind, node, opts);
  if (!files) {
    const what = node ? `node ${node.uuid}` : 'discovery';
    const fix = 'set driver_info deploy_kernel/deploy_ramdisk on the node, or boot.deploy_kernel/deploy_ramdisk in the config';
    log.error({ reason }, `boot script: no ramdisk configured for ${what}; ${fix}`);
    return localBootScript(`no ramdisk configured for ${what}; ${fix}`);
  }
  if ('problem' in files) {
    // Written before the API checked it, or straight into the database: refuse rather than escape.
    log.error({ reason }, `boot script: node ${node?.uuid}: ${files.problem}; booting it from disk until that is fixed`);
    return localBootScript(`node ${node?.uuid}: ${files.problem}`);
  }
  const args = ramdiskKernelArgs({ apiUrl: opts.apiUrl(), kind, node, bootifMac: mac });
  log.info({ reason, kind }, `boot script: ${kind} ramdisk`);
  return ramdiskScript(`${kind} ramdisk (${reason})`, { ...files, kernelArgs: args });
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
    const found = await resolveInsideRoot(opts.root, requested);
    if (!found.ok) {
      const level = found.reason === 'no such file' ? 'info' : 'warn';
      opts.log[level]({ client: req.socket.remoteAddress, file: requested, reason: found.reason }, 'HTTP boot file refused');
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    // sendFile answers Range requests (206) and sets Content-Length; dotfiles are files too here.
    res.sendFile(found.file, { dotfiles: 'allow', acceptRanges: true, cacheControl: false }, (err) => {
      if (err && !res.headersSent) res.status(500).end();
    });
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
