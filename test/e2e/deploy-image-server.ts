// A small image server for the deploy e2e tests, which the test controls: it serves files from
// one directory with Range support (206) and can cut one download off after N bytes, as a web
// server that dies mid-transfer would. Guests reach it at 10.0.2.2:<port> (QEMU user-mode NAT).
// Every request is recorded, so that a test can see the agent come back with a Range header.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ServedRequest {
  method: string;
  path: string;
  range?: string;
  status: number;
  bytesSent: number;
  /** The server cut the connection off on purpose. */
  dropped: boolean;
}

export interface ImageServer {
  port: number;
  requests: ServedRequest[];
  /** The next GET of `name` sends `afterBytes` bytes of the body, then destroys the socket. */
  dropOnce(name: string, afterBytes: number): void;
  close(): Promise<void>;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  // "bytes=-N" is the last N bytes.
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] !== '' && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start > end || start >= size ? 'invalid' : { start, end };
}

export async function startImageServer(root: string): Promise<ImageServer> {
  const requests: ServedRequest[] = [];
  const drops = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/^\/+/, '');
    const file = path.join(root, name);
    const rec: ServedRequest = {
      method: req.method ?? 'GET',
      path: `/${name}`,
      range: req.headers.range,
      status: 200,
      bytesSent: 0,
      dropped: false,
    };
    requests.push(rec);
    const finish = (status: number, body?: string) => {
      rec.status = status;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(body);
    };
    if (name.includes('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) return finish(404, `no such image: /${name}\n`);
    const size = fs.statSync(file).size;
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      rec.status = 416;
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      return res.end();
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    rec.status = range ? 206 : 200;
    res.writeHead(rec.status, {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Content-Length': String(end - start + 1),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') return res.end();
    const dropAfter = drops.get(name);
    if (dropAfter !== undefined) drops.delete(name);
    const stream = fs.createReadStream(file, { start, end, highWaterMark: 64 * 1024 });
    stream.on('data', (data: string | Buffer) => {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (dropAfter !== undefined && rec.bytesSent + chunk.length >= dropAfter) {
        const part = chunk.subarray(0, dropAfter - rec.bytesSent);
        rec.bytesSent += part.length;
        rec.dropped = true;
        stream.destroy();
        // Let the partial chunk reach the socket, then reset the connection mid-body.
        res.write(part, () => req.socket.destroy());
        return;
      }
      rec.bytesSent += chunk.length;
      if (!res.write(chunk)) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => res.end());
    stream.on('error', () => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    dropOnce: (name, afterBytes) => drops.set(name.replace(/^\/+/, ''), afterBytes),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
