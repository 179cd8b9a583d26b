// A cap on the connections one source address holds open to an endpoint anyone on the
// provisioning network can reach (the boot server; the agent's lookup, heartbeat and inspection
// callback), so that one machine cannot take every socket, file descriptor and worker.
// Connections are counted from their first request on; one that never finishes its headers is
// closed by the servers' headers timeout (core/listen.ts) instead.
import type { RequestHandler } from 'express';
import type { Socket } from 'node:net';

export class SourceLimiter {
  private readonly open = new Map<string, Set<Socket>>();

  /** `max` connections per source address; 0 means no cap. */
  constructor(private readonly max: number) {}

  /**
   * Counts `socket` against its source until it closes (once, however many requests it carries);
   * false when the source already holds `max` other connections.
   */
  admit(socket: Socket): boolean {
    if (this.max === 0) return true;
    const source = socket.remoteAddress ?? '';
    let sockets = this.open.get(source);
    if (sockets?.has(socket)) return true;
    if (sockets && sockets.size >= this.max) return false;
    if (!sockets) this.open.set(source, (sockets = new Set()));
    const mine = sockets;
    mine.add(socket);
    socket.once('close', () => {
      mine.delete(socket);
      if (mine.size === 0 && this.open.get(source) === mine) this.open.delete(source);
    });
    return true;
  }
}

/** Express middleware: a request on a connection over the cap gets 503 and the connection is closed. */
export function limitPerSource(max: number): RequestHandler {
  const limiter = new SourceLimiter(max);
  return (req, res, next) => {
    if (limiter.admit(req.socket)) return next();
    res
      .status(503)
      .set({ 'Retry-After': '5', Connection: 'close' })
      .type('text/plain')
      .send(
        `Too many connections from ${req.socket.remoteAddress}: at most ${max} at once (http.max_connections_per_source); retry later.\n`,
      );
  };
}
