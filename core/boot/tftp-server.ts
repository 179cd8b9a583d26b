// TFTP for PXE ROMs that cannot speak HTTP: it serves the loader directory (iPXE, shim, GRUB),
// read-only; for the Secure Boot chain also the GRUB configs (generated per request) and, under
// files/, the boot root GRUB loads the kernel and ramdisk from (grub-configs.ts). Writes and paths
// that leave a root are refused and logged with the client's address.
// blksize, tsize, windowsize and rollover are negotiated by the `tftp` package.
import type { Socket } from 'node:dgram';
import tftp, { type Request as TftpRequest, type Response as TftpResponse } from 'tftp';
import type { Logger } from '../log.js';
import { resolveInsideRoot } from './safe-path.js';

export interface TftpOptions {
  root: string;
  host: string;
  port: number;
  log: Logger;
  /** Called after a file is handed to a client (dnsmasq mode tags the client's MAC). */
  onRead?: (clientAddress: string, file: string) => void;
  /** Called when a read is refused (a Secure Boot node asking for a missing shim gets its last_error). */
  onRefused?: (clientAddress: string, file: string, reason: string) => void;
  /** Files computed per request (the GRUB configs); undefined: not one of them. */
  generated?: (file: string, clientAddress: string) => Promise<string | undefined>;
  /** Other roots served under a first path segment, e.g. { files: <boot root> } for GRUB's kernel. */
  mounts?: Readonly<Record<string, string>>;
}

/** The root and the path under it a request names: a mount's when its first segment is one. */
function rootFor(opts: TftpOptions, file: string): { root: string; rel: string } {
  const [first, ...rest] = file.replace(/^\/+/, '').split('/');
  const mounted = first !== undefined && rest.length ? opts.mounts?.[first] : undefined;
  return mounted ? { root: mounted, rel: rest.join('/') } : { root: opts.root, rel: file };
}

export interface RunningTftp {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the server. When the port cannot be bound (port 69 without root, or in use) it logs one
 * warning that says how to fix it and returns undefined: HTTP boot works without TFTP.
 */
export async function startTftpServer(opts: TftpOptions): Promise<RunningTftp | undefined> {
  const { log } = opts;
  const fs = await import('node:fs');
  const server = tftp.createServer(
    { host: opts.host, port: opts.port, root: opts.root, denyPUT: false },
    (req: TftpRequest, res: TftpResponse) => {
      const client = `${req.stats.remoteAddress}:${req.stats.remotePort}`;
      req.on('error', (err) => log.debug({ err, client, file: req.file }, 'TFTP transfer ended with an error'));
      if (req.method === 'PUT') {
        log.warn({ client, file: req.file }, 'TFTP write refused: the TFTP root is read-only');
        req.abort('Writes are not allowed');
        return;
      }
      const { root, rel } = rootFor(opts, req.file);
      void (opts.generated?.(req.file.replace(/^\/+/, ''), req.stats.remoteAddress) ?? Promise.resolve(undefined))
        .then(async (text) => {
          if (text === undefined) return false;
          const data = Buffer.from(text);
          log.info({ client, file: req.file, size: data.length }, 'TFTP read (generated)');
          res.setSize(data.length);
          res.end(data);
          return true;
        })
        .then(async (done) => (done ? undefined : resolveInsideRoot(root, rel)))
        .then((found) => {
          if (!found) return;
          if (!found.ok) {
            // A missing file is routine (shim and GRUB probe optional files); anything else may be an attack.
            const level = found.reason === 'no such file' ? 'info' : 'warn';
            log[level]({ client, file: req.file, reason: found.reason }, 'TFTP read refused');
            opts.onRefused?.(req.stats.remoteAddress, req.file, found.reason);
            req.abort(found.reason === 'no such file' ? 'File not found' : 'Access violation');
            return;
          }
          log.info({ client, file: req.file, size: found.size }, 'TFTP read');
          opts.onRead?.(req.stats.remoteAddress, req.file);
          res.setSize(found.size);
          fs.createReadStream(found.file)
            .on('error', () => req.abort('Read error'))
            .pipe(res);
        })
        .catch((err: unknown) => {
          // A stat that fails (EIO, a file removed mid-request) ends this transfer, not the process.
          log.error({ err, client, file: req.file }, 'TFTP read failed');
          req.abort('Read error');
        });
    },
  );
  // The package rejects names starting with ".." before our listener runs; watch the raw socket
  // so those refusals are logged too.
  // _socket is the package's private field (untyped); there is no public way to the raw socket.
  const socket = (server as unknown as { _socket: Socket })._socket;
  socket.on('message', (msg, rinfo) => {
    const op = msg.length > 2 ? msg.readUInt16BE(0) : 0;
    const file = msg.subarray(2, Math.max(2, msg.indexOf(0, 2))).toString('latin1');
    if ((op === 1 || op === 2) && (file.startsWith('..') || file.startsWith('/..'))) {
      log.warn({ client: `${rinfo.address}:${rinfo.port}`, file, reason: 'path climbs out with ".."' }, 'TFTP read refused');
    }
  });

  return new Promise((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const fix =
        err.code === 'EACCES'
          ? `cannot bind UDP port ${opts.port}: run as root, grant CAP_NET_BIND_SERVICE, or set --tftp-port above 1023 and forward port 69 to it`
          : err.code === 'EADDRINUSE'
            ? `UDP port ${opts.port} is in use: stop whatever holds it or choose another --tftp-port`
            : `${err.message}: check boot.tftp_root (${opts.root})`;
      log.warn({ port: opts.port, code: err.code }, `TFTP disabled: ${fix}. HTTP boot still works.`);
      resolve(undefined);
    });
    server.on('listening', () => {
      server.removeAllListeners('error');
      server.on('error', (err: Error) => log.warn({ err }, 'TFTP: bad packet'));
      const port = socket.address().port;
      log.info({ port, root: opts.root }, 'TFTP listening');
      resolve({
        port,
        close: () =>
          new Promise((r) => {
            server.on('close', () => r());
            server.close();
          }),
      });
    });
    server.listen();
  });
}
