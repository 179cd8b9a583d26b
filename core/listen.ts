// Binds an HTTP server, turning the bind errors a person can fix into one-line ConfigErrors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './errors.js';

export function listen(handler: http.RequestListener, host: string, port: number, what: string, flag: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 65_000;
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new ConfigError(`${what} port ${port} on ${host} is already in use (stop the other process or choose another --${flag})`));
      else if (err.code === 'EACCES') reject(new ConfigError(`${what} cannot bind port ${port} on ${host}: permission denied (use a port above 1023 or run with CAP_NET_BIND_SERVICE)`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new ConfigError(`${what} cannot bind ${host}: no such local address (check --${flag.replace('port', 'host')})`));
      else reject(err);
    });
    server.listen(port, host, () => resolve(server));
  });
}

export function boundPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface SwitchableServer {
  server: http.Server;
  /** The handler now in place (503 Retry-After until serve() is called). */
  current(): http.RequestListener;
  serve(handler: http.RequestListener): void;
}

/**
 * Binds first and answers 503 until serve() installs the real handler. Binding early makes the
 * real port known (it may be 0, ephemeral) before the things that need to advertise it are built.
 */
export async function listenThenServe(host: string, port: number, what: string, flag: string): Promise<SwitchableServer> {
  let handler: http.RequestListener = (_req, res) => { res.writeHead(503, { 'Retry-After': '1' }).end(); };
  const server = await listen((req, res) => handler(req, res), host, port, what, flag);
  return { server, current: () => handler, serve: (h) => { handler = h; } };
}
