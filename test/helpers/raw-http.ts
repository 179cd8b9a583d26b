// A raw TCP client for the tests of slow and greedy clients: it sends a request byte by byte and
// keeps its connection open, which fetch cannot do, and reports when the server closed it.
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { sleep, until } from './until.js';

export interface RawConnection {
  socket: net.Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Whether the server has closed the connection. */
  isClosed(): boolean;
  /** Resolves with the milliseconds from connect to close. */
  closed: Promise<number>;
  /** The status code of the first response on the connection. */
  status(): Promise<number>;
}

/** Connects to 127.0.0.1:`port` from `localAddress` (any 127.x.y.z is a distinct source on Linux). */
export async function rawConnect(port: number, localAddress = '127.0.0.1', opts: { tls?: boolean } = {}): Promise<RawConnection> {
  // Over TLS (the agent's API) the slow client starts its request after the handshake.
  const socket = opts.tls
    ? tls.connect({ socket: net.connect({ port, host: '127.0.0.1', localAddress }), rejectUnauthorized: false })
    : net.connect({ port, host: '127.0.0.1', localAddress });
  await once(socket, opts.tls ? 'secureConnect' : 'connect');
  const opened = Date.now();
  let received = '';
  let isClosed = false;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => {
    /* a reset is one way of being closed */
  });
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve(Date.now() - opened);
    }),
  );
  return {
    socket,
    closed,
    received: () => received,
    isClosed: () => isClosed,
    status: async () =>
      Number(
        (
          await until('an HTTP response', 10_000, () => /^HTTP\/1\.1 (\d{3})/.exec(received) ?? (isClosed && ['', '0']), { intervalMs: 20 })
        )[1],
      ),
  };
}

/** Sends `text` one byte every `everyMs` until it is sent or the server closed the connection. */
export async function sendSlowly(conn: RawConnection, text: string, everyMs: number): Promise<void> {
  for (const ch of text) {
    if (conn.isClosed()) return;
    conn.socket.write(ch);
    await sleep(everyMs);
  }
}

/** The milliseconds until the server closed `conn`, or -1 if it was still open after `waitMs`. */
export function closedWithin(conn: RawConnection, waitMs: number): Promise<number> {
  return Promise.race([conn.closed, sleep(waitMs).then(() => -1)]);
}
