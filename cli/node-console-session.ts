// The client side of `tyr node console`: one WebSocket onto /v1/nodes/{node}/console/ws, kept up
// until the user detaches (^]) or the console is disabled. Console bytes go to `out`, Tyr's
// notices to `err`; a dropped connection (API restart, network) is retried with backoff, and the
// server's replay buffer fills in what was printed meanwhile. The terminal mode is the caller's.
import { WebSocket } from 'ws';
import { CliError } from './errors.js';

export const DETACH = 0x1d; // ^]
const CLOSE_DISABLED = 4001;

export interface ConsoleSessionOptions {
  url: string;
  node: string;
  username?: string;
  password?: string;
  apiVersion: string;
  input: NodeJS.ReadableStream;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  maxBackoffMs?: number;
}

type Outcome = { kind: 'detached' } | { kind: 'disabled'; reason: string } | { kind: 'dropped'; why: string; attached: boolean };

function wsUrl(base: string, node: string): string {
  const u = new URL(base.replace(/\/+$/, '') + `/v1/nodes/${encodeURIComponent(node)}/console/ws`);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

/** The API's error message (Ironic's error_message.faultstring) from a refused upgrade. */
function faultOf(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error_message?: string };
    const inner = parsed.error_message ? (JSON.parse(parsed.error_message) as { faultstring?: string }) : undefined;
    if (inner?.faultstring) return inner.faultstring;
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs until detach or disable; throws CliError when the API refuses the console. */
export async function runConsole(o: ConsoleSessionOptions): Promise<'detached' | 'disabled'> {
  const headers: Record<string, string> = { 'X-OpenStack-Ironic-API-Version': o.apiVersion };
  if (o.username) headers.Authorization = `Basic ${Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64')}`;
  let delay = 500;
  let everAttached = false;
  const maxDelay = o.maxBackoffMs ?? 10_000;
  for (;;) {
    let outcome: Outcome;
    try {
      outcome = await once(wsUrl(o.url, o.node), headers, o);
    } catch (err) {
      if (err instanceof Refused && err.status < 500) throw new CliError(`node ${o.node}: console refused: ${err.message}`);
      // Never attached at all: a wrong URL or a stopped API, not a dropped session.
      if (!everAttached) throw new CliError(`cannot reach Tyr at ${o.url}: ${(err as Error).message}`);
      outcome = { kind: 'dropped', why: (err as Error).message, attached: false };
    }
    if (outcome.kind === 'dropped' && outcome.attached) everAttached = true;
    if (outcome.kind === 'detached') return 'detached';
    if (outcome.kind === 'disabled') {
      o.err.write(`\r\n[tyr: ${outcome.reason || 'console disabled'}]\r\n`);
      return 'disabled';
    }
    if (outcome.attached) delay = 500;
    o.err.write(`\r\n[tyr: console connection lost (${outcome.why}); reconnecting in ${(delay / 1000).toFixed(1)} s, ^] to quit]\r\n`);
    const detached = await detachWithin(o.input, delay);
    if (detached) return 'detached';
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Waits `ms`, returning true early if the user presses ^]. */
function detachWithin(input: NodeJS.ReadableStream, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      if (d.includes(DETACH)) finish(true);
    };
    const finish = (v: boolean) => {
      clearTimeout(t);
      input.off('data', onData);
      resolve(v);
    };
    const t = setTimeout(() => finish(false), ms);
    input.on('data', onData);
  });
}

function once(url: string, headers: Record<string, string>, o: ConsoleSessionOptions): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 15_000 });
    let attached = false;
    let settled = false;
    const onInput = (d: Buffer | string) => {
      const buf = Buffer.isBuffer(d) ? d : Buffer.from(d);
      const at = buf.indexOf(DETACH);
      if (at >= 0) {
        if (at > 0 && ws.readyState === WebSocket.OPEN) ws.send(buf.subarray(0, at));
        done({ kind: 'detached' });
        ws.close(1000, 'detached');
        return;
      }
      if (ws.readyState === WebSocket.OPEN) ws.send(buf);
    };
    const done = (v: Outcome) => {
      if (settled) return;
      settled = true;
      o.input.off('data', onInput);
      resolve(v);
    };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => {
        settled = true;
        reject(new Refused(res.statusCode ?? 0, faultOf(res.statusCode ?? 0, body)));
      });
    });
    ws.on('open', () => {
      attached = true;
      o.input.on('data', onInput);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        o.out.write(data);
        return;
      }
      let message = data.toString();
      try {
        message = (JSON.parse(message) as { message?: string }).message ?? message;
      } catch {
        /* plain text */
      }
      o.err.write(`\r\n[tyr: ${message}]\r\n`);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (code === CLOSE_DISABLED) done({ kind: 'disabled', reason: reason.toString() });
      else done({ kind: 'dropped', why: reason.toString() || `closed with code ${code}`, attached });
    });
    ws.on('error', (err: Error) => {
      if (!settled && !attached && ws.readyState !== WebSocket.OPEN) {
        settled = true;
        reject(err);
      }
    });
  });
}
