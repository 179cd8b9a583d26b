// Shared pieces of the console tests: a stand-in for a machine's serial port (a TCP server that
// ipmi_sim's SOL connects to), a WebSocket console client, and finding Tyr's ipmitool children.
import fs from 'node:fs';
import net from 'node:net';
import { WebSocket } from 'ws';

/**
 * The machine's side of the serial line: ipmi_sim's `sol "tcp:127.0.0.1:<port>"` connects here
 * when SOL is activated. It prints a login banner on every connection and echoes each line back
 * as "echo:<line>", recording everything it received.
 */
export interface SerialPort {
  port: number;
  received: string;
  connections: number;
  close(): Promise<void>;
}

export async function serialPort(): Promise<SerialPort> {
  const sockets = new Set<net.Socket>();
  const state = { received: '', connections: 0 };
  const server = net.createServer((s) => {
    sockets.add(s);
    state.connections++;
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let line = '';
    const banner = setInterval(() => s.write('\r\ntest-machine login: '), 1000);
    s.on('close', () => clearInterval(banner));
    s.on('data', (d: Buffer) => {
      state.received += d.toString();
      line += d.toString();
      let at: number;
      while ((at = line.search(/[\r\n]/)) >= 0) {
        const l = line.slice(0, at);
        line = line.slice(at + 1);
        if (l) s.write(`\r\necho:${l}\r\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get received() {
      return state.received;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export interface WsConsole {
  ws: WebSocket;
  out: string;
  notices: { message: string; writer?: boolean }[];
  closed?: { code: number; reason: string };
  send(text: string): void;
}

/** Opens the console WebSocket (resolves after the writer/viewer notice); rejects with the HTTP status and body when the upgrade is refused. */
export function openWs(apiUrl: string, node: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<WsConsole> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/v1/nodes/${node}/console/ws`, protocols, {
      headers: { 'X-OpenStack-Ironic-API-Version': 'latest', ...headers },
    });
    const c: WsConsole = { ws, out: '', notices: [], send: (t) => ws.send(Buffer.from(t)) };
    ws.on('message', (d: Buffer, binary: boolean) => {
      if (binary) c.out += d.toString();
      else c.notices.push(JSON.parse(d.toString()));
      // Ready once the server said whether this client writes (its first text frame).
      if (!binary && c.notices.length === 1) resolve(c);
    });
    ws.on('close', (code, reason) => {
      c.closed = { code, reason: reason.toString() };
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (x: Buffer) => {
        body += x.toString();
      });
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
    });
    ws.on('error', reject);
  });
}

/** PIDs of `ipmitool … sol activate` processes talking to the BMC on `bmcPort`, with their argv. */
export function solProcesses(bmcPort: number): { pid: number; argv: string[] }[] {
  const out: { pid: number; argv: string[] }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (/ipmitool$/.test(argv[0] ?? '') && argv.includes('activate') && argv.includes(String(bmcPort)))
      out.push({ pid: Number(entry), argv });
  }
  return out;
}
