// Binds an HTTP server, turning the bind errors a person can fix into one-line ConfigErrors, and
// bounds how long a client may take to send a request, so slow clients cannot hold sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFIG_SCHEMA, type Config } from './config.js';
import { ConfigError } from './errors.js';

export interface RequestTimeouts {
  /** Seconds to receive a request's headers. */
  headers: number;
  /** Seconds to receive a whole request, body included. */
  request: number;
}

export const requestTimeoutsOf = (config: Config): RequestTimeouts => ({
  headers: config.http.headers_timeout,
  request: config.http.request_timeout,
});

const DEFAULT_TIMEOUTS: RequestTimeouts = {
  headers: CONFIG_SCHEMA.http.headers_timeout.default,
  request: CONFIG_SCHEMA.http.request_timeout.default,
};

/** Node's own checks run every 30 s by default, which let slow headers live 85 s. */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Connections the kernel queues before Node accepts them (capped by net.core.somaxconn). Node's
 * 511 is less than a rack of machines powering on at once opens while the event loop is busy for
 * a moment: the rest have their SYNs dropped and retry after 1, 3, 7 s. The boot storm bench
 * (test/bench/boot-storm.ts) saw p99 above 30 s from that alone.
 */
const LISTEN_BACKLOG = 4096;

/** An HTTP server that closes a connection whose request is not in within the timeouts (408). */
export function boundedServer(handler: http.RequestListener, timeouts: RequestTimeouts): http.Server {
  return http.createServer(
    {
      headersTimeout: timeouts.headers * 1000,
      requestTimeout: timeouts.request * 1000,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    handler,
  );
}

export function listen(
  handler: http.RequestListener,
  host: string,
  port: number,
  what: string,
  flag: string,
  timeouts = DEFAULT_TIMEOUTS,
): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = boundedServer(handler, timeouts);
    server.keepAliveTimeout = 65_000;
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new ConfigError(`${what} port ${port} on ${host} is already in use (stop the other process or choose another --${flag})`));
      else if (err.code === 'EACCES')
        reject(
          new ConfigError(
            `${what} cannot bind port ${port} on ${host}: permission denied (use a port above 1023 or run with CAP_NET_BIND_SERVICE)`,
          ),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new ConfigError(`${what} cannot bind ${host}: no such local address (check --${flag.replace('port', 'host')})`));
      else reject(err);
    });
    server.listen(port, host, LISTEN_BACKLOG, () => resolve(server));
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
  // Function properties, not methods: callers destructure them, so they must not use `this`.
  current: () => http.RequestListener;
  serve: (handler: http.RequestListener) => void;
}

/**
 * Binds first and answers 503 until serve() installs the real handler. Binding early makes the
 * real port known (it may be 0, ephemeral) before the things that need to advertise it are built.
 */
export async function listenThenServe(
  host: string,
  port: number,
  what: string,
  flag: string,
  timeouts = DEFAULT_TIMEOUTS,
): Promise<SwitchableServer> {
  let handler: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1' }).end();
  };
  const server = await listen((req, res) => handler(req, res), host, port, what, flag, timeouts);
  return {
    server,
    current: () => handler,
    serve: (h) => {
      handler = h;
    },
  };
}
