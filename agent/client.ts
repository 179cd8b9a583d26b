// The agent's side of the protocol with the core: lookup and heartbeat (axios).
import axios, { type AxiosInstance } from 'axios';
import type { HeartbeatBody, LookupResponse } from '../protocol/agent-wire.js';

/** Ironic nests a JSON document in error_message; take the human sentence out of it. */
export function coreErrorMessage(data: unknown): string | null {
  const raw = (data as { error_message?: unknown } | null)?.error_message;
  if (typeof raw !== 'string') return null;
  try {
    const inner = JSON.parse(raw) as { faultstring?: unknown };
    return typeof inner.faultstring === 'string' ? inner.faultstring : raw;
  } catch {
    return raw;
  }
}

export class CoreRequestError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export class CoreClient {
  private readonly http: AxiosInstance;

  constructor(apiUrl: string, timeoutMs = 30_000) {
    // No proxy: the ramdisk talks to the core directly, whatever the environment says.
    this.http = axios.create({ baseURL: apiUrl, timeout: timeoutMs, proxy: false, validateStatus: () => true });
  }

  private async request<T>(what: string, config: Parameters<AxiosInstance['request']>[0]): Promise<T> {
    let res;
    try {
      res = await this.http.request<T>(config);
    } catch (err) {
      const e = err as { code?: string; message: string };
      throw new CoreRequestError(null, `${what}: core unreachable at ${this.http.defaults.baseURL} (${e.code ?? e.message})`);
    }
    if (res.status >= 300) {
      throw new CoreRequestError(res.status, `${what}: HTTP ${res.status}: ${coreErrorMessage(res.data) ?? JSON.stringify(res.data)}`);
    }
    return res.data;
  }

  lookup(addresses: string[], nodeUuid: string | null): Promise<LookupResponse> {
    const params: Record<string, string> = { addresses: addresses.join(',') };
    if (nodeUuid) params.node_uuid = nodeUuid;
    return this.request<LookupResponse>('lookup', { method: 'GET', url: '/v1/lookup', params });
  }

  async heartbeat(nodeUuid: string, body: HeartbeatBody): Promise<void> {
    await this.request('heartbeat', { method: 'POST', url: `/v1/heartbeat/${encodeURIComponent(nodeUuid)}`, data: body });
  }
}
