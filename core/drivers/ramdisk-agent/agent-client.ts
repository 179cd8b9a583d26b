// The conductor's client for a ramdisk agent's command API (IPA-compatible, port 9999): status,
// commands run synchronously (wait=true) or started and polled. Every request carries the boot's
// agent token: in a header for Tyr's agent, in the ?agent_token= query for a stock IPA, which
// reads it from nowhere else (its api/app.py); the URL is never logged or put in a message. An agent that sent its certificate (IPA's automatic TLS,
// agent_verify_ca) is spoken to over HTTPS trusting exactly that certificate: not the system's
// CAs, and not the host name, since the agent's self-signed certificate names its IP at best. Every failure becomes a HardwareError naming the node, the agent's URL and the
// command, with the agent's own error message when it gave one.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { parseCommandResult } from '../../../protocol/results/command.js';
import { HardwareError } from '../../errors.js';
import { asHardwareError } from '../../shape-errors.js';
import type { CommandError, CommandResult } from '../../../protocol/agent-wire.js';

// The agent's own description of its API (type-only: nothing of the agent runs in the core).
export type { CommandError, CommandResult, CommandStatus } from '../../../protocol/agent-wire.js';

/** GET /v1/status. */
export interface AgentStatus {
  started_at: number;
  version: string;
}

export interface AgentClientOptions {
  /** driver_internal_info.agent_url, e.g. http://192.0.2.10:9999 */
  url: string;
  /** driver_internal_info.agent_secret_token */
  token: string;
  /** Where the token goes: Tyr's agent takes the X-Agent-Token header, IPA only the query. */
  tokenIn?: 'header' | 'query';
  /** driver_internal_info.agent_verify_ca: the PEM certificate pinned for this boot, if any. */
  verifyCa?: string;
  timeoutMs?: number;
  /** The node's UUID, for messages. */
  node?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class AgentClient {
  private readonly http: AxiosInstance;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly who: string;
  /** The query every request carries: the token, for an agent that reads it only there. */
  private readonly tokenParams: Record<string, string>;

  constructor(opts: AgentClientOptions) {
    if (!opts.url) throw new HardwareError(`Node ${opts.node ?? '(unknown)'} has no agent URL: its agent has not heartbeated yet.`);
    this.url = opts.url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.who = `the agent of node ${opts.node ?? '(unknown)'} at ${this.url}`;
    this.tokenParams = opts.tokenIn === 'query' ? { agent_token: opts.token } : {};
    if (opts.verifyCa && !this.url.startsWith('https://')) {
      throw new HardwareError(`${this.cap()} has a pinned TLS certificate but a plain http URL; refusing to send it the agent token.`);
    }
    this.http = axios.create({
      baseURL: this.url,
      timeout: this.timeoutMs,
      ...(opts.verifyCa ? { httpsAgent: pinnedAgent(opts.verifyCa, this.who) } : {}),
      // Proxies from the environment would see the token; the agent is reached directly.
      proxy: false,
      // The header keeps the token out of URLs; only an agent that cannot read it gets the query.
      headers: { ...(opts.tokenIn === 'query' ? {} : { 'X-Agent-Token': opts.token }), Accept: 'application/json' },
      validateStatus: (s) => s >= 200 && s < 300,
    });
  }

  status(): Promise<AgentStatus> {
    return this.request('status', () => this.http.get('/v1/status', { params: this.tokenParams }));
  }

  /**
   * Runs `name` ("<extension>.<command>"). With wait (the default) the agent answers when the
   * command has ended, and a FAILED command rejects with its error; without, the RUNNING result
   * comes back at once (poll it with getCommand).
   */
  async runCommand(name: string, params: Record<string, unknown> = {}, opts: { wait?: boolean } = {}): Promise<CommandResult> {
    const wait = opts.wait ?? true;
    const body = await this.request<unknown>(name, () =>
      this.http.post('/v1/commands/', { name, params }, { params: { ...this.tokenParams, wait: String(wait) } }),
    );
    return this.settled(name, body, name);
  }

  /** One command's current result; a FAILED command rejects with its error, naming `name` if given. */
  async getCommand(id: string, name?: string): Promise<CommandResult> {
    const what = name ?? `command ${id}`;
    const body = await this.request<unknown>(what, () =>
      this.http.get(`/v1/commands/${encodeURIComponent(id)}`, { params: this.tokenParams }),
    );
    return this.settled(what, body, name);
  }

  async listCommands(): Promise<CommandResult[]> {
    const body = await this.request<{ commands: CommandResult[] }>('list commands', () =>
      this.http.get('/v1/commands/', { params: this.tokenParams }),
    );
    return body.commands ?? [];
  }

  /** `name`: the full command name asked, since IPA answers with the bare one ("prepare_image"). */
  private settled(asked: string, body: unknown, name?: string): CommandResult {
    const result = asHardwareError(() => parseCommandResult(body, asked), `${this.cap()} answering ${asked}`);
    if (result.command_status === 'FAILED') {
      throw new HardwareError(`Command ${name ?? result.command_name} failed on ${this.who}: ${errorText(result.command_error)}`);
    }
    return result;
  }

  private async request<T>(what: string, send: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await send()).data;
    } catch (err) {
      throw this.describe(what, err);
    }
  }

  private cap(): string {
    return this.who.charAt(0).toUpperCase() + this.who.slice(1);
  }

  private describe(what: string, err: unknown): HardwareError {
    if (!(err instanceof AxiosError)) return new HardwareError(`${what} on ${this.who} failed: ${(err as Error)?.message ?? String(err)}`);
    const res = err.response;
    if (res) {
      const reason = agentMessage(res.data) ?? `HTTP ${res.status}`;
      if (res.status === 401 || res.status === 403) {
        return new HardwareError(
          `${this.cap()} refused ${what}: the agent token was not accepted (HTTP ${res.status}: ${reason}). The agent may have been restarted and looked up again; reboot the node into the ramdisk.`,
        );
      }
      return new HardwareError(`${this.cap()} answered ${what} with HTTP ${res.status}: ${reason}`);
    }
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') {
      return new HardwareError(`${this.cap()} did not answer ${what} within ${this.timeoutMs} ms.`);
    }
    const code = err.code ? ` (${err.code})` : '';
    return new HardwareError(
      `Cannot reach ${this.who} for ${what}${code}: ${err.message}. Is the ramdisk running and the address reachable from the conductor?`,
    );
  }
}

/**
 * Trusts only `pem`: the TLS handshake must chain to it (it is the agent's self-signed
 * certificate), and the certificate presented must be that very one; no host name check.
 */
function pinnedAgent(pem: string, who: string): https.Agent {
  let pinned: Buffer;
  try {
    pinned = new X509Certificate(pem).raw;
  } catch {
    throw new HardwareError(
      `The TLS certificate pinned for ${who} (agent_verify_ca) cannot be read; boot the node into the ramdisk again.`,
    );
  }
  return new https.Agent({
    ca: pem,
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.raw?.equals(pinned)
        ? undefined
        : new Error(`${who} presented a TLS certificate other than the one it sent in its heartbeat (agent_verify_ca)`),
  });
}

function errorText(e: CommandError | null | undefined): string {
  if (!e) return 'no error detail was given';
  const parts = [e.message || e.type || 'unknown error'];
  if (e.details && e.details !== e.message) parts.push(`(${e.details})`);
  return parts.join(' ');
}

/** The agent's reason in an error body: a command_error, IPA's faultstring, or a message. */
function agentMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim().slice(0, 500) || undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d.command_error) return errorText(d.command_error as CommandError);
  for (const key of ['faultstring', 'message', 'error']) if (typeof d[key] === 'string') return d[key];
  return undefined;
}
