// One QMP command to a lab VM (<node dir>/qmp.sock): connect, negotiate capabilities, run the
// command, return its "return" value. A connection per command: the socket takes one client at a
// time, and the sim's commands are rare (power, media, NMI).
import net from 'node:net';

const TIMEOUT_MS = 10_000;

interface QmpMessage {
  QMP?: unknown;
  return?: unknown;
  error?: { class: string; desc: string };
  event?: string;
}

export async function qmp(socketPath: string, execute: string, args?: Record<string, unknown>): Promise<unknown> {
  const sock = net.createConnection(socketPath);
  sock.setEncoding('utf8');
  try {
    return await new Promise<unknown>((resolve, reject) => {
      let buffer = '';
      let stage: 'greeting' | 'capabilities' | 'command' = 'greeting';
      const timer = setTimeout(() => reject(new Error(`QMP ${execute} on ${socketPath}: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      sock.on('error', (err) => done(() => reject(new Error(`QMP ${execute} on ${socketPath}: ${err.message}`))));
      sock.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          const msg = JSON.parse(line) as QmpMessage;
          if (msg.event) continue;
          if (stage === 'greeting' && msg.QMP) {
            stage = 'capabilities';
            sock.write(`${JSON.stringify({ execute: 'qmp_capabilities' })}\n`);
          } else if (msg.error) {
            const { error } = msg;
            done(() => reject(new Error(`QMP ${execute}: ${error.class}: ${error.desc}`)));
          } else if (stage === 'capabilities') {
            stage = 'command';
            sock.write(`${JSON.stringify(args ? { execute, arguments: args } : { execute })}\n`);
          } else {
            done(() => resolve(msg.return));
          }
        }
      });
    });
  } finally {
    sock.destroy();
  }
}
