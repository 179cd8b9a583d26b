// One RPC call to one conductor over HTTP. Tells the two kinds of failure apart, because the
// caller must treat them differently: the call never got an answer from the conductor (refused,
// timed out, a proxy's 502/503) — retry, maybe elsewhere — or the conductor ran the method and
// it failed — re-raise that error as is, never retry.
import axios, { type AxiosResponse } from 'axios';
import { ServiceUnavailable } from '../errors.js';
import { RPC_PATH, type RpcMethod, type RpcResponse } from './protocol.js';
import { decodeError } from './wire-errors.js';

/** The conductor could not be reached or gave no RPC answer. */
export class ConductorUnreachable extends Error {
  /** `mayHaveRun`: the request was sent and timed out, so the conductor may be running it. */
  constructor(
    readonly reason: string,
    readonly mayHaveRun = false,
  ) {
    super(reason);
    this.name = 'ConductorUnreachable';
  }
}

export interface CallOptions {
  secret: string;
  timeoutMs: number;
}

let nextId = 1;

/** A conductor's rpc_url may be its base URL or the /rpc endpoint itself. */
export function rpcEndpoint(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith(RPC_PATH) ? base : `${base}${RPC_PATH}`;
}

function isRpcAnswer(body: unknown): body is RpcResponse {
  return (
    typeof body === 'object' && body !== null && (body as { jsonrpc?: unknown }).jsonrpc === '2.0' && ('result' in body || 'error' in body)
  );
}

export async function callConductor(url: string, host: string, method: RpcMethod, params: unknown[], opts: CallOptions): Promise<unknown> {
  let res: AxiosResponse;
  try {
    res = await axios.post(
      rpcEndpoint(url),
      { jsonrpc: '2.0', id: nextId++, method, params },
      {
        headers: { authorization: `Bearer ${opts.secret}` },
        timeout: opts.timeoutMs,
        validateStatus: () => true,
        // Configdrives and inventories can be large; the conductor enforces its own limit.
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      },
    );
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
    throw new ConductorUnreachable(timedOut ? `no answer within ${opts.timeoutMs} ms` : `${e.code ?? 'error'}: ${e.message}`, timedOut);
  }
  if (res.status === 401) {
    // Not the caller's fault, and a retry cannot help: the two processes disagree on the secret.
    throw new ServiceUnavailable(
      `Conductor ${host} refused this API process's RPC secret; give every API and conductor process the same rpc.secret (TYR_RPC_SECRET).`,
    );
  }
  if (res.status !== 200 || !isRpcAnswer(res.data)) {
    throw new ConductorUnreachable(`${url} answered HTTP ${res.status} without an RPC answer`);
  }
  if ('error' in res.data) throw decodeError(res.data.error);
  return res.data.result;
}
