// The per-node console TCP port. It plays the part socat plays for Ironic's ipmitool-socat
// console: a raw TCP listener whose connections read the node's serial output and (for the one
// writer) type into it. `telnet host port` or `socat -,raw,echo=0 tcp:host:port` attach to it.
// It cannot authenticate anyone, so it only ever listens on loopback (console.host is checked at
// start-up); remote clients use the API's authenticated WebSocket (ws-endpoint.ts).
import net from 'node:net';
import type { ConsoleClient, Fanout } from './fanout.js';

function tcpClient(socket: net.Socket): ConsoleClient {
  return {
    send: (data) => {
      if (socket.writable) socket.write(data);
    },
    notice: (message) => {
      if (socket.writable) socket.write(`\r\n[tyr console: ${message}]\r\n`);
    },
    close: (reason) => {
      if (socket.writable) socket.end(`\r\n[tyr console: ${reason}]\r\n`);
      socket.destroySoon();
    },
  };
}

/** Listens on host:port; resolves once bound, rejects with the listen error (EADDRINUSE…). */
export function listenConsolePort(fanout: Fanout, host: string, port: number): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const client = tcpClient(socket);
    fanout.attach(client);
    socket.on('data', (d: Buffer) => fanout.fromClient(client, d));
    socket.on('error', () => undefined);
    socket.on('close', () => fanout.detach(client));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function closeConsolePort(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
