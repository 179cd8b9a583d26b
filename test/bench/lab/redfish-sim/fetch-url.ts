// What a BMC does with an ImageURI or virtual-media Image: download it over http(s). Like most
// BMCs (Redfish VerifyCertificate false by default) it does not verify the server's certificate.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

const MAX_REDIRECTS = 5;

export interface Fetched {
  bytes: number;
  /** The first bytes of the content (up to 512), for firmware version detection. */
  head: Buffer;
}

const HEAD_BYTES = 512;

/** Downloads `url` into `dest` (or discards it when null). */
export async function fetchUrl(url: string, dest: string | null, redirects = 0): Promise<Fetched> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${url} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${url}: only http and https URLs can be fetched`);
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const get = parsed.protocol === 'https:' ? https.get(parsed, { rejectUnauthorized: false }, resolve) : http.get(parsed, resolve);
    get.on('error', reject);
    get.setTimeout(60_000, () => get.destroy(new Error(`${url}: no answer within 60 s`)));
  });
  const status = res.statusCode ?? 0;
  if (status >= 300 && status < 400 && res.headers.location && redirects < MAX_REDIRECTS) {
    res.resume();
    return fetchUrl(new URL(res.headers.location, parsed).toString(), dest, redirects + 1);
  }
  if (status !== 200) {
    res.resume();
    throw new Error(`${url}: HTTP ${status}`);
  }
  let bytes = 0;
  const heads: Buffer[] = [];
  res.on('data', (chunk: Buffer) => {
    if (bytes < HEAD_BYTES) heads.push(chunk.subarray(0, HEAD_BYTES - bytes));
    bytes += chunk.length;
  });
  const sink = dest ? fs.createWriteStream(dest) : new Writable({ write: (_chunk, _enc, done) => done() });
  await pipeline(res, sink);
  return { bytes, head: Buffer.concat(heads) };
}
