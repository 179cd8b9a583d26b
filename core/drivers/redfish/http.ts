// One HTTP exchange with a BMC, nothing more: no retries, no authentication (the layers above
// own those). Every exchange has a deadline; TLS is verified against the CA bundle the node names,
// and failures come back as a TransportError that says whether retrying can help.
import http from 'node:http';
import https from 'node:https';

export interface HttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/** Codes Node gives a certificate that does not verify. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** stale: a kept-alive connection the BMC had closed just as it was reused; worth one immediate retry. */
export type TransportFailure = 'tls' | 'timeout' | 'connection' | 'stale';

/** The exchange did not produce an HTTP answer. `kind` tls is never worth a retry. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}

function classify(err: NodeJS.ErrnoException, reusedSocket = false): TransportError {
  const code = err.code ?? '';
  if (TLS_CODES.has(code)) return new TransportError('tls', `${code}: ${err.message}`);
  if (reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) return new TransportError('stale', `${code}: ${err.message}`);
  return new TransportError('connection', code ? `${code}: ${err.message}` : err.message);
}

function flatHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Sends one request through `agent` (keep-alive, the node's TLS settings) and reads the answer. */
export function exchange(agent: http.Agent, x: HttpExchange): Promise<HttpAnswer> {
  const url = new URL(x.url);
  const send = url.protocol === 'https:' ? https.request : http.request;
  const headers = { ...x.headers, ...(x.body ? { 'content-length': String(x.body.length) } : {}) };
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = send(url, { method: x.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish(() => reject(classify(err))));
      res.on('end', () =>
        finish(() =>
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), text: Buffer.concat(chunks).toString('utf8') }),
        ),
      );
    });
    // The deadline covers the whole exchange, body included: a BMC that trickles bytes is as
    // stuck as one that never answers.
    const timer = setTimeout(() => {
      finish(() => reject(new TransportError('timeout', `no complete answer within ${Math.round(x.timeoutMs / 1000)} s`)));
      req.destroy();
    }, x.timeoutMs);
    req.on('error', (err) => finish(() => reject(classify(err, req.reusedSocket))));
    req.end(x.body);
  });
}
