// Replays the requests a stock ironic-python-agent makes, byte for byte, from fixtures/ipa-<version>/.
// Each fixture is a raw HTTP/1.1 request (CRLF line ends, as python-requests writes them) after
// comment lines naming the IPA source it was read from and an "# expect: <status>" line. What only
// the test knows (addresses, the node's UUID, the token, the agent's certificate) is a {{NAME}}
// placeholder; {{LENGTH}} is the body's length once the others are filled in.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface IpaRequest {
  file: string;
  expect: number;
  raw: string;
}

export interface ReplayAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: any;
}

/** The fixtures of one IPA version, by file name (01-version-discovery.http …). */
export function ipaRequests(version: string): Record<string, IpaRequest> {
  const dir = path.join(DIR, `ipa-${version}`);
  const out: Record<string, IpaRequest> = {};
  for (const file of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const lines = text.split('\n');
    const firstRequestLine = lines.findIndex((l) => !l.startsWith('#'));
    const expectLine = lines.slice(0, firstRequestLine).find((l) => l.startsWith('# expect: '));
    out[file] = { file, expect: Number(expectLine?.slice('# expect: '.length)), raw: lines.slice(firstRequestLine).join('\n') };
  }
  return out;
}

/** The request's bytes with the placeholders filled in and Content-Length computed. */
export function render(req: IpaRequest, values: Record<string, string>): Buffer {
  const filled = req.raw.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => (name === 'LENGTH' ? whole : (values[name] ?? whole)));
  const missing = /\{\{(?!LENGTH)([A-Z0-9_]+)\}\}/.exec(filled);
  if (missing) throw new Error(`${req.file}: no value for {{${missing[1]}}}`);
  const split = filled.indexOf('\r\n\r\n');
  const head = filled.slice(0, split + 4);
  const body = Buffer.from(filled.slice(split + 4), 'utf8');
  return Buffer.concat([Buffer.from(head.replace('{{LENGTH}}', String(body.length)), 'latin1'), body]);
}

/** Sends the bytes on a fresh connection and reads one response (Content-Length framed, as the API answers). */
export async function send(port: number, bytes: Buffer): Promise<ReplayAnswer> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let received = Buffer.alloc(0);
  try {
    return await new Promise<ReplayAnswer>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`connection closed after ${received.length} bytes: ${received.toString('latin1')}`)));
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as const),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (received.length < end + 4 + length) return;
        const text = received.subarray(end + 4, end + 4 + length).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]), headers, text, body });
      });
      socket.write(bytes);
    });
  } finally {
    socket.destroy();
  }
}

/** The fault string of an Ironic-shaped error body. */
export function faultOf(answer: ReplayAnswer): string {
  const raw = (answer.body as { error_message?: string } | undefined)?.error_message;
  try {
    return (JSON.parse(raw ?? '') as { faultstring: string }).faultstring;
  } catch {
    return answer.text;
  }
}
