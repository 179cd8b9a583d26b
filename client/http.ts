// The transport under every resource API: Node's own http client with the version header, Basic
// auth and the timeout, errors turned into TyrApiError, and paging through `next` links. Plain
// node:http rather than axios or fetch: either costs a CLI command 30-70 ms of CPU just to load.
import http from 'node:http';
import { faultString, TyrApiError } from './errors.js';
import type { Page } from './types.js';

export interface ClientOptions {
  /** Base URL of the core API, e.g. http://127.0.0.1:6385 (with or without /v1). */
  url: string;
  username?: string;
  password?: string;
  /** X-OpenStack-Ironic-API-Version to send: "latest" or "1.N". */
  apiVersion?: string;
  timeoutMs?: number;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

interface Reply {
  status: number;
  body: string;
}

/** A query value encoded as axios did, so URLs stay as the server has always seen them. */
const queryValue = (v: string | number | boolean): string =>
  encodeURIComponent(String(v))
    .replace(/%3A/gi, ':')
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%20/g, '+')
    .replace(/%5B/gi, '[')
    .replace(/%5D/gi, ']');

/** A body as JSON when it is JSON, else the text (a proxy's error page). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class Http {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.url.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    // X-Tyr-Extensions: Tyr's endpoints beyond its Ironic maximum (firmware, inspection rules).
    this.headers = { 'X-OpenStack-Ironic-API-Version': opts.apiVersion ?? 'latest', 'X-Tyr-Extensions': '1', Accept: 'application/json' };
    if (opts.username !== undefined)
      this.headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
  }

  async request<T>(method: Method, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    const query = Object.entries(opts.query ?? {})
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([k, v]) => `${queryValue(k)}=${queryValue(v)}`)
      .join('&');
    const target = `${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`;
    let reply: Reply;
    try {
      reply = await this.send(method, target, opts.body === undefined ? undefined : JSON.stringify(opts.body));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ETIMEDOUT' ? 'the request timed out' : e.message || e.code || 'network error';
      throw new TyrApiError(0, `cannot reach Tyr at ${this.baseUrl}: ${why}`, method, path);
    }
    const data = reply.body === '' ? '' : parsed(reply.body);
    if (reply.status < 200 || reply.status >= 300) throw new TyrApiError(reply.status, faultString(data, reply.status), method, path);
    return data as T;
  }

  /** Sends `target` (path and query, used as given: no dot-segment folding) below the base URL. */
  private async send(method: Method, target: string, body: string | undefined): Promise<Reply> {
    const base = new URL(this.baseUrl);
    // TLS is loaded only for an https:// API.
    const transport = base.protocol === 'https:' ? await import('node:https') : http;
    const headers = body === undefined ? this.headers : { ...this.headers, 'Content-Type': 'application/json' };
    const where = { protocol: base.protocol, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || undefined };
    return new Promise((resolve, reject) => {
      const req = transport.request(
        { ...where, path: `${base.pathname.replace(/\/$/, '')}${target}`, method, headers, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      // Whole-request timeout, as before: a server that stops answering fails the command.
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /** One page of a collection whose items sit under `key` (e.g. "nodes"). */
  async page<T>(path: string, key: string, query?: Query): Promise<Page<T>> {
    const body = await this.get<Record<string, unknown>>(path, query);
    const items = (body[key] ?? []) as T[];
    const next = typeof body.next === 'string' && body.next ? body.next : undefined;
    return { items, next };
  }

  /**
   * Every item of a collection, following `next` links. The server builds those links from its
   * own idea of its address, which may not be the one we reach it by, so only their path and
   * query are used.
   */
  async *pages<T>(path: string, key: string, query?: Query): AsyncGenerator<T> {
    let page = await this.page<T>(path, key, query);
    for (;;) {
      yield* page.items;
      if (!page.next || page.items.length === 0) return;
      const next = new URL(page.next, this.baseUrl);
      page = await this.page<T>(next.pathname, key, Object.fromEntries(next.searchParams));
    }
  }
}

/** Encodes one path segment (node names may hold characters that are special in URLs). */
export const seg = (s: string): string => encodeURIComponent(s);
