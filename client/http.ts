// The transport under every resource API: one axios instance with the version header, Basic
// auth and the timeout, errors turned into TyrApiError, and paging through `next` links.
import axios, { type AxiosInstance, type Method } from 'axios';
import { toApiError } from './errors.js';
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

export type Query = Record<string, string | number | boolean | undefined>;

export class Http {
  readonly baseUrl: string;
  private readonly axios: AxiosInstance;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.url.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.axios = axios.create({
      baseURL: this.baseUrl,
      timeout: opts.timeoutMs ?? 30_000,
      // X-Tyr-Extensions: Tyr's endpoints beyond its Ironic maximum (firmware, inspection rules).
      headers: { 'X-OpenStack-Ironic-API-Version': opts.apiVersion ?? 'latest', 'X-Tyr-Extensions': '1', Accept: 'application/json' },
      auth: opts.username !== undefined ? { username: opts.username, password: opts.password ?? '' } : undefined,
      // Do not let a proxy from the environment sit between the CLI and a loopback API.
      proxy: false,
    });
  }

  async request<T>(method: Method, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    const params = opts.query && Object.fromEntries(Object.entries(opts.query).filter(([, v]) => v !== undefined));
    try {
      const res = await this.axios.request<T>({ method, url: path, params, data: opts.body });
      return res.data;
    } catch (err) {
      throw toApiError(err, this.baseUrl);
    }
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
