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
