// One BMC's Redfish service as seen with one set of credentials: its authentication (one session,
// shared by every node and interface on this BMC, made again once on 401, deleted when idle or
// when the service stops; or basic auth), and every exchange with it, bounded by the shared
// limiter and retried on 5xx, 429, connection errors and Retry-After.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { HardwareError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { AuthFailureMemory } from './auth-failures.js';
import type { RedfishTarget } from './driver-info.js';
import { exchange, TransportError, type HttpAnswer } from './http.js';
import type { RequestLimiter } from './limiter.js';
import { bmcMessage, parseJsonBody } from './messages.js';
import { isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from './retry.js';

export interface BmcServiceDeps {
  limiter: RequestLimiter;
  authFailures: AuthFailureMemory;
  policy: RetryPolicy;
  idleMs: number;
  maxSocketsPerBmc: number;
  /** Called when the service has been idle for idleMs and closed itself. */
  onIdleClose: (service: BmcService) => void;
}

export interface BmcRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

const SERVICE_ROOT = '/redfish/v1';
const DEFAULT_SESSIONS = `${SERVICE_ROOT}/SessionService/Sessions`;
const IDLE_SOCKET_MS = 4000;

/** A path from a Location header or @odata.id, which some BMCs give as a full URL. */
export function pathOf(ref: string): string {
  return /^https?:\/\//i.test(ref) ? new URL(ref).pathname : ref;
}

export class BmcService {
  private readonly agent: http.Agent;
  private mode: 'session' | 'basic' | null = null;
  private sessionsPath: string | null = null;
  private token: string | null = null;
  private sessionUri: string | null = null;
  private loggingIn: Promise<string> | null = null;
  private resolving: Promise<'session' | 'basic'> | null = null;
  private inFlight = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The only member of Systems, once read: nodes without redfish_system_id need it on every call. */
  onlySystemPath: string | null = null;

  constructor(
    readonly target: RedfishTarget,
    /** Address, user and a fingerprint of the password: one service per credentials. */
    readonly key: string,
    private readonly deps: BmcServiceDeps,
  ) {
    const tls = target.address.startsWith('https:');
    // Idle connections are dropped before the usual 5 s server keep-alive ends, so a request
    // rarely meets a connection the BMC is closing at that very moment.
    const options = { keepAlive: true, maxSockets: deps.maxSocketsPerBmc, timeout: IDLE_SOCKET_MS };
    this.agent = tls
      ? new https.Agent({
          ...options,
          rejectUnauthorized: target.verifyCa !== false,
          ca: typeof target.verifyCa === 'string' ? fs.readFileSync(target.verifyCa) : undefined,
        })
      : new http.Agent(options);
  }

  get hasSession(): boolean {
    return this.token !== null;
  }

  /** One authenticated request; a 401 on a session makes a new session and tries once more. */
  async request(req: BmcRequest, log: Logger): Promise<HttpAnswer> {
    if (this.closed) throw new HardwareError(`internal: Redfish service for ${this.target.address} used after it was closed`);
    this.inFlight++;
    this.cancelIdle();
    try {
      let auth = await this.authHeaders(log);
      let answer = await this.send(req, auth, log);
      if (answer.status === 401 && this.mode === 'session') {
        log.info({ bmc: this.target.address, path: req.path }, 'Redfish session no longer valid; logging in again');
        this.dropSession(auth['x-auth-token']);
        auth = await this.authHeaders(log);
        answer = await this.send(req, auth, log);
      }
      if (answer.status === 401) throw this.refused(answer);
      return answer;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleIdle();
    }
  }

  /** Deletes the session on the BMC (best effort) and drops the connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdle();
    await this.logout();
    this.agent.destroy();
  }

  private async authHeaders(log: Logger): Promise<Record<string, string>> {
    const { username, password } = this.target;
    if (username === undefined) return {};
    this.deps.authFailures.check(this.key);
    const mode = this.mode ?? (await this.resolveModeOnce(log));
    if (mode === 'basic') return { authorization: `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` };
    if (this.token) return { 'x-auth-token': this.token };
    // One login at a time per BMC: parallel callers wait for the same session.
    this.loggingIn ??= this.login(log).finally(() => {
      this.loggingIn = null;
    });
    return { 'x-auth-token': await this.loggingIn };
  }

  /** Parallel callers share one look-up; a failed one is not kept, so the next call asks again. */
  private resolveModeOnce(log: Logger): Promise<'session' | 'basic'> {
    this.resolving ??= this.resolveMode(log).finally(() => {
      this.resolving = null;
    });
    return this.resolving;
  }

  // auto: a session when the service root links a SessionService, basic auth otherwise.
  private async resolveMode(log: Logger): Promise<'session' | 'basic'> {
    const { authType } = this.target;
    if (authType === 'basic') return (this.mode = 'basic');
    const answer = await this.send({ method: 'GET', path: SERVICE_ROOT }, {}, log);
    // The schema makes the service root public; a BMC that wants credentials for it still has the
    // standard SessionService path. Anything else is an answer to report, not to decide on.
    const guarded = answer.status === 401 || answer.status === 403;
    if (answer.status >= 300 && !guarded) {
      throw new HardwareError(
        `Redfish BMC at ${this.target.address} answered GET ${SERVICE_ROOT} with HTTP ${answer.status}: ${bmcMessage(answer.text)}`,
      );
    }
    const links = parseJsonBody(answer.text)?.Links as Record<string, { '@odata.id'?: unknown } | undefined> | undefined;
    const sessions = links?.Sessions?.['@odata.id'];
    this.sessionsPath = typeof sessions === 'string' ? pathOf(sessions) : guarded ? DEFAULT_SESSIONS : null;
    this.mode = authType === 'auto' && !this.sessionsPath ? 'basic' : 'session';
    this.sessionsPath ??= DEFAULT_SESSIONS;
    return this.mode;
  }

  private async login(log: Logger): Promise<string> {
    const body = Buffer.from(JSON.stringify({ UserName: this.target.username, Password: this.target.password ?? '' }));
    const path = this.sessionsPath ?? DEFAULT_SESSIONS;
    const answer = await this.send({ method: 'POST', path, body }, {}, log);
    if (answer.status === 401 || answer.status === 403) throw this.refused(answer);
    const token = answer.headers['x-auth-token'];
    if (answer.status >= 300 || !token) {
      throw new HardwareError(
        `Redfish BMC at ${this.target.address} did not open a session (POST ${path} answered ${answer.status}: ${bmcMessage(answer.text)}); ` +
          'set driver_info.redfish_auth_type to "basic" if it only supports basic authentication.',
      );
    }
    const ref = answer.headers.location ?? parseJsonBody(answer.text)?.['@odata.id'];
    this.token = token;
    this.sessionUri = typeof ref === 'string' ? pathOf(ref) : null;
    this.deps.authFailures.forget(this.key);
    log.debug({ bmc: this.target.address, session: this.sessionUri }, 'Redfish session opened');
    return token;
  }

  private refused(answer: HttpAnswer): HardwareError {
    if (this.target.username === undefined) {
      return new HardwareError(
        `Redfish BMC at ${this.target.address} requires credentials (HTTP ${answer.status}); set redfish_username and redfish_password.`,
      );
    }
    this.dropSession(this.token ?? undefined);
    return this.deps.authFailures.remember(
      this.key,
      `Redfish BMC at ${this.target.address} refused the credentials for user ${this.target.username}; ` +
        `check redfish_username/redfish_password (HTTP ${answer.status}).`,
    );
  }

  /** Forgets `token` if it is still the current one (another caller may have logged in already). */
  private dropSession(token: string | undefined): void {
    if (token === undefined || this.token !== token) return;
    this.token = null;
    this.sessionUri = null;
  }

  private async logout(): Promise<void> {
    const { token, sessionUri } = this;
    this.token = null;
    this.sessionUri = null;
    if (!token || !sessionUri) return;
    try {
      await this.deps.limiter.run(this.target.address, () =>
        exchange(this.agent, {
          method: 'DELETE',
          url: this.target.address + sessionUri,
          headers: { 'x-auth-token': token, accept: 'application/json' },
          timeoutMs: this.target.timeoutSeconds * 1000,
        }),
      );
    } catch {
      // The BMC expires the session on its own; nothing more to do on the way out.
    }
  }

  /** One exchange, retried on what a busy or restarting BMC answers. */
  private async send(req: BmcRequest, auth: Record<string, string>, log: Logger): Promise<HttpAnswer> {
    const { policy, limiter } = this.deps;
    const headers: Record<string, string> = { accept: 'application/json', ...auth, ...req.headers };
    if (req.body && !headers['content-type']) headers['content-type'] = 'application/json';
    const x = {
      method: req.method,
      url: this.target.address + req.path,
      headers,
      body: req.body,
      timeoutMs: this.target.timeoutSeconds * 1000,
    };
    const once = () => limiter.run(this.target.address, () => exchange(this.agent, x));
    for (let attempt = 1; ; attempt++) {
      let answer: HttpAnswer | null = null;
      let failure: TransportError | null = null;
      try {
        // A kept-alive connection closed under us says nothing about the BMC: once more, at once.
        answer = await once().catch((err: unknown) => {
          if (err instanceof TransportError && err.kind === 'stale') return once();
          throw err;
        });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        failure = err;
      }
      if (failure?.kind === 'tls') throw this.tlsError(failure);
      const retryable = failure !== null || (answer !== null && isRetryableStatus(answer.status));
      if (!retryable && answer) return answer;
      if (attempt >= policy.attempts) {
        if (answer) return answer;
        throw new HardwareError(
          `Redfish BMC at ${this.target.address} could not be reached for ${req.method} ${req.path} after ${attempt} attempts ` +
            `(${failure?.message}); check redfish_address and the BMC's network.`,
        );
      }
      const delayMs = retryDelayMs(policy, attempt, answer?.headers['retry-after']);
      log.warn(
        { bmc: this.target.address, method: req.method, path: req.path, status: answer?.status, error: failure?.message, attempt, delayMs },
        'Redfish request failed; retrying',
      );
      await sleep(delayMs);
    }
  }

  private tlsError(failure: TransportError): HardwareError {
    return new HardwareError(
      `Redfish BMC at ${this.target.address}: TLS certificate verification failed (${failure.message}); ` +
        'set driver_info.redfish_verify_ca to the path of the CA bundle that signed it, or to false to skip verification.',
    );
  }

  private scheduleIdle(): void {
    if (this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.inFlight > 0 || this.closed) return;
      this.deps.onIdleClose(this);
    }, this.deps.idleMs);
    this.idleTimer.unref();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
