// Streams an image over HTTP(S) into a sink, resuming with `Range: bytes=<received>-` when the
// connection drops, so the sink sees every byte exactly once and in order (the hash continues).
// 4xx answers are final; 5xx answers and dropped connections are retried with backoff, and the
// retry budget is only spent by attempts that brought no new bytes.
import http from 'node:http';
import https from 'node:https';
import { backoffDelay, sleep } from '../backoff.js';
import { errorText, log } from '../log.js';
import { ImageDownloadError, ImageTruncatedError } from './errors.js';

export interface StreamOptions {
  /** Attempts in a row without new bytes before giving up. */
  retries?: number;
  /** First retry delay; TYR_AGENT_DOWNLOAD_RETRY_MS (test-only) overrides the default. */
  retryDelayMs?: number;
  /** Called with the image's full size when the server announces it; may throw to refuse it. */
  onSize?: (bytes: number) => void;
}

/** A network failure worth retrying (dropped connection, 5xx), as opposed to the sink's errors. */
class Retriable extends Error {}

interface Opened {
  res: http.IncomingMessage;
  /** Bytes at the start of the body to skip: the server ignored Range and sent everything. */
  skip: number;
  total: number | null;
}

function get(url: string, offset: number): Promise<http.IncomingMessage> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, timeout: 60_000 }, resolve);
    req.on('timeout', () => req.destroy(new Error('no data for 60 s')));
    req.on('error', (err) => reject(new Retriable(`${url}: ${errorText(err)}`)));
  });
}

async function open(url: string, offset: number): Promise<Opened> {
  const res = await get(url, offset);
  const status = res.statusCode ?? 0;
  const length = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : null;
  if (status === 200) return { res, skip: offset, total: length };
  if (status === 206 && offset > 0) {
    const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
    const start = m ? Number(m[1]) : NaN;
    if (start !== offset) {
      res.destroy();
      throw new Retriable(
        `${url}: asked for bytes from ${offset}, the server sent Content-Range ${res.headers['content-range'] ?? '(none)'}`,
      );
    }
    return { res, skip: 0, total: m && m[2] !== '*' ? Number(m[2]) : length !== null ? offset + length : null };
  }
  res.resume();
  const message = `HTTP ${status} ${res.statusMessage ?? ''} from ${url}`.replace(/\s+from/, ' from');
  if (status >= 500 || status === 408 || status === 429) throw new Retriable(message);
  throw new ImageDownloadError(message);
}

export interface StreamResult {
  bytes: number;
  url: string;
  attempts: number;
}

/** Feeds the image at one of `urls` (first that answers) into `sink`; resolves when all bytes arrived. */
export async function streamImage(urls: string[], sink: (chunk: Buffer) => Promise<void>, opts: StreamOptions = {}): Promise<StreamResult> {
  const retries = opts.retries ?? 5;
  const initialMs = opts.retryDelayMs ?? Number(process.env.TYR_AGENT_DOWNLOAD_RETRY_MS ?? 1000);
  const refused: string[] = [];
  for (const url of urls) {
    let received = 0;
    let total: number | null = null;
    let fruitless = 0;
    for (let attempt = 1; ; attempt++) {
      const before = received;
      try {
        const opened = await open(url, received);
        total = opened.total ?? total;
        if (total !== null && received === 0) {
          try {
            opts.onSize?.(total);
          } catch (err) {
            opened.res.destroy();
            throw err;
          }
        }
        let skip = opened.skip;
        const source = opened.res[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<Buffer>;
          try {
            next = (await source.next()) as IteratorResult<Buffer>;
          } catch (err) {
            throw new Retriable(`${url}: connection lost after ${received} bytes: ${errorText(err)}`);
          }
          if (next.done) break;
          let chunk = next.value;
          if (skip > 0) {
            const drop = Math.min(skip, chunk.length);
            skip -= drop;
            chunk = chunk.subarray(drop);
            if (chunk.length === 0) continue;
          }
          try {
            await sink(chunk);
          } catch (err) {
            opened.res.destroy();
            throw err;
          }
          received += chunk.length;
        }
        if (total !== null && received < total) throw new Retriable(`${url}: the stream ended after ${received} of ${total} bytes`);
        return { bytes: received, url, attempts: attempt };
      } catch (err) {
        if (err instanceof ImageDownloadError && received === 0) {
          refused.push(err.message);
          break; // try the next URL
        }
        if (!(err instanceof Retriable)) throw err;
        fruitless = received > before ? 0 : fruitless + 1;
        if (fruitless > retries) {
          const of = total !== null ? ` of ${total}` : '';
          throw new ImageTruncatedError(
            `truncated stream: received ${received}${of} bytes of the image from ${url}; ${retries} resumed attempts brought nothing more (last: ${err.message})`,
          );
        }
        const delay = backoffDelay(fruitless, { initialMs, maxMs: 30_000, factor: 2, jitter: 0.1 });
        log.warn(`image download: ${err.message}; resuming at byte ${received} in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay);
      }
    }
  }
  throw new ImageDownloadError(refused.join('; '));
}
