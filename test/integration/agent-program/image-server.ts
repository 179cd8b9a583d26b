// A loopback HTTP image server for the agent's image-write tests, with the failures a real one
// has: `?mode=drop-once&at=N` closes the first connection after byte N (the retry must resume
// with Range), `?mode=truncate&at=N` never sends past byte N, `?mode=slow` trickles the body,
// `?mode=unsized` sends no Content-Length (chunked),
// unknown paths are 404. `/virtual/<bytes>` is an image of that many zero bytes (too-large tests).
// Range requests are honoured; every request's path and Range header is recorded.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export interface ImageServer {
  url(name: string, query?: string): string;
  requests: { path: string; range: string | null }[];
  close(): Promise<void>;
}

export async function startImageServer(files: Record<string, string>): Promise<ImageServer> {
  const requests: ImageServer['requests'] = [];
  const dropped = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: url.pathname, range: req.headers.range ?? null });
    const name = url.pathname.slice(1);
    const virtual = /^virtual\/(\d+)$/.exec(name);
    const file = files[name];
    if (!virtual && !file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no image ${name}\n`);
      return;
    }
    const size = virtual ? Number(virtual[1]) : fs.statSync(file!).size;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const mode = url.searchParams.get('mode');
    const at = Number(url.searchParams.get('at') ?? size);
    let end = size; // exclusive
    if (mode === 'truncate') end = Math.min(at, size);
    if (mode === 'drop-once' && !dropped.has(url.search + name)) {
      dropped.add(url.search + name);
      end = Math.min(at, size);
    }
    res.writeHead(m ? 206 : 200, {
      ...(mode === 'unsized' ? {} : { 'Content-Length': size - start }),
      'Accept-Ranges': 'bytes',
      ...(m ? { 'Content-Range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (end <= start) return void res.socket?.end();
    const source: Readable = virtual
      ? zeros(end - start)
      : fs.createReadStream(file!, { start, end: end - 1, highWaterMark: mode === 'slow' ? 256 << 10 : 1 << 20 });
    void (async () => {
      for await (const chunk of source) {
        if (res.destroyed) return void source.destroy();
        if (!res.write(chunk)) await drainedOrClosed(res);
        if (mode === 'slow') await new Promise((r) => setTimeout(r, 40));
      }
      // Past `end` the connection is cut once the bytes sent are flushed: the client sees fewer
      // bytes than Content-Length.
      if (end < size) res.socket?.end();
      else res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name, query) => `${base}/${name}${query ? `?${query}` : ''}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function zeros(bytes: number): Readable {
  const block = Buffer.alloc(1 << 20);
  return Readable.from(
    (function* () {
      for (let left = bytes; left > 0; left -= block.length) yield block.subarray(0, Math.min(left, block.length));
    })(),
  );
}

function drainedOrClosed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
