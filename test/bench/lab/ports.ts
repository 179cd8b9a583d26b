// Free UDP ports on loopback for lab BMCs.
import dgram from 'node:dgram';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';

// Ports handed out in this process: the kernel may offer a just-closed port again before the
// BMC that got it has bound it.
const handedOut = new Set<number>();

async function askKernel(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = sock.address();
  await new Promise<void>((resolve) => sock.close(() => resolve()));
  return port;
}

export async function freeUdpPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await askKernel();
    if (!handedOut.has(port) && !udpPortBound(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free UDP port found on 127.0.0.1');
}

/** True when some process has a UDP socket bound to 127.0.0.1:<port> (Linux /proc). */
export function udpPortBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const table = fs.readFileSync('/proc/net/udp', 'utf8');
  return table.split('\n').some((line) => {
    const local = line.trim().split(/\s+/)[1];
    return local !== undefined && `${local.slice(local.indexOf(':'))} ` === hex;
  });
}

// Same bookkeeping for TCP (the VMs' serial console servers).
const tcpHandedOut = new Set<number>();

export async function freeTcpPortLab(): Promise<number> {
  const net = await import('node:net');
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as AddressInfo;
        server.close(() => resolve(p));
      });
    });
    if (!tcpHandedOut.has(port)) {
      tcpHandedOut.add(port);
      return port;
    }
  }
  throw new Error('no free TCP port found on 127.0.0.1');
}
