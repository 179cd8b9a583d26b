// The in-process IPMI 2.0 client (RMCP+ over UDP): IpmiClient for lanplus targets with cipher
// suite 3, 17 or none named (17 is tried first, then 3). Every call runs in the BMC's turn on the
// shared BmcQueue (so native calls, ipmitool calls and SOL never overlap on one BMC), reuses the
// BMC's session, and is retried on transient failure within `[ipmi] command_retry_timeout`; a
// call on a reused session that gets no answer is retried once on a new session whatever the
// budget, since the BMC may simply have restarted or expired it.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { PowerState } from '../drivers/interfaces/power.js';
import type { BmcQueue } from '../drivers/ipmitool/bmc-queue.js';
import { bmcKey, type IpmiTarget } from '../drivers/ipmitool/driver-info.js';
import type {
  BootFlags,
  ChassisControl,
  DeviceId,
  IpmiBootDevice,
  IpmiCallOptions,
  IpmiClient,
  IpmiClientKind,
  RawResponse,
} from '../drivers/ipmitool/ipmi-client.js';
import { HardwareError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import type { BmcMetrics } from '../metrics/bmc-metrics.js';
import { isNativeSuite, NEGOTIATION_ORDER, type CipherSuiteId } from './cipher-suites.js';
import { bmcReset } from './commands/bmc-reset.js';
import { getBootFlags, setBootFlags } from './commands/boot-options.js';
import { chassisControl, powerStatus } from './commands/chassis.js';
import type { Command } from './commands/command.js';
import { getDeviceId } from './commands/device-id.js';
import { rawCommand } from './commands/raw.js';
import { completionCodeText, isTransientCompletionCode } from './completion-codes.js';
import { Cancelled, CompletionCodeError, CredentialsRejected, NoAnswer, SessionRefused } from './errors.js';
import { checkIpmi20, closeSession, openSession, type Credentials } from './handshake.js';
import { PRIVILEGE_CODE } from './privilege.js';
import type { RequestOptions, Session } from './session.js';
import { SessionPool, type PooledSession } from './session-pool.js';
import { UdpTransport } from './transport.js';

/** Why the native client cannot talk to `target` (ipmitool must), or undefined when it can. */
export function nativeFallbackReason(target: IpmiTarget): string | undefined {
  if (target.iface !== 'lanplus') return 'ipmi_protocol_version is 1.5 (the native client speaks IPMI 2.0 only)';
  if (target.bridging.kind !== 'no') return `ipmi_bridging is "${target.bridging.kind}" (the native client does not bridge)`;
  if (target.cipherSuite !== undefined && !isNativeSuite(target.cipherSuite))
    return `ipmi_cipher_suite is ${target.cipherSuite} (the native client speaks 3 and 17)`;
  return undefined;
}

/** True when the native client can talk to `target`; the rest goes to ipmitool. */
export function nativeSupports(target: IpmiTarget): boolean {
  return nativeFallbackReason(target) === undefined;
}

export interface NativeIpmiClientOptions {
  /** The per-BMC queue shared with the ipmitool runner and SOL. */
  queue: BmcQueue;
  metrics?: BmcMetrics;
  /** For keep-alives and closes, which belong to no call. Default: silent. */
  log?: Logger;
  /** Resend an unanswered datagram after this long. Default 1,000 ms. */
  retransmitMs?: number;
  /** Keep-alive once a session has been quiet this long. Default 20 s (BMCs time out at 30–60 s). */
  keepAliveMs?: number;
  /** Close a session nobody used for this long. Default 120 s. */
  idleCloseMs?: number;
}

const METRICS_DRIVER = 'ipmi-native' as const;

export class NativeIpmiClient implements IpmiClient {
  readonly kind: IpmiClientKind = 'native';
  private readonly transport = new UdpTransport();
  private readonly pool: SessionPool;
  private readonly queue: BmcQueue;
  private readonly metrics?: BmcMetrics;
  private readonly log: Logger;
  private readonly retransmitMs: number;
  /** Open Session Requests sent, for tests and debugging. */
  sessionsOpened = 0;

  constructor(
    private readonly config: Config,
    opts: NativeIpmiClientOptions,
  ) {
    this.queue = opts.queue;
    this.metrics = opts.metrics;
    this.log = opts.log ?? createLogger('silent');
    this.retransmitMs = opts.retransmitMs ?? 1000;
    this.pool = new SessionPool(opts.keepAliveMs ?? 20_000, opts.idleCloseMs ?? 120_000, {
      keepAlive: (key, e) => void this.keepAlive(key, e),
      close: (_key, e) => void this.queue.run(e.bmc, () => closeSession(e.session, this.requestOptions(this.log))),
    });
  }

  /** Sessions currently open. */
  get openSessions(): number {
    return this.pool.size;
  }

  powerStatus(target: IpmiTarget, opts: IpmiCallOptions): Promise<PowerState> {
    return this.run(target, powerStatus, opts);
  }

  chassisControl(target: IpmiTarget, action: ChassisControl, opts: IpmiCallOptions): Promise<void> {
    return this.run(target, chassisControl(action), opts);
  }

  setBootDevice(
    target: IpmiTarget,
    device: IpmiBootDevice,
    flags: { persistent: boolean; efi: boolean },
    opts: IpmiCallOptions,
  ): Promise<void> {
    return this.run(target, setBootFlags(device, flags), opts);
  }

  getBootDevice(target: IpmiTarget, opts: IpmiCallOptions): Promise<BootFlags> {
    return this.run(target, getBootFlags, opts);
  }

  deviceId(target: IpmiTarget, opts: IpmiCallOptions): Promise<DeviceId> {
    return this.run(target, getDeviceId, opts);
  }

  raw(target: IpmiTarget, netfn: number, command: number, data: readonly number[], opts: IpmiCallOptions): Promise<RawResponse> {
    return this.run(target, rawCommand(netfn, command, data), opts);
  }

  async bmcReset(target: IpmiTarget, kind: 'warm' | 'cold', opts: IpmiCallOptions): Promise<void> {
    try {
      await this.run(target, bmcReset(kind), opts);
    } finally {
      // The reset ends every session on the BMC; the next call opens a new one.
      this.pool.delete(sessionKey(target));
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.pool.drain().map(([, e]) => this.queue.run(e.bmc, () => closeSession(e.session, this.requestOptions(this.log, 1000)))),
    );
    this.transport.close();
  }

  private requestOptions(log: Logger, timeoutMs = this.config.ipmi.command_timeout * 1000, signal?: AbortSignal): RequestOptions {
    return { log, retransmitMs: this.retransmitMs, deadline: Date.now() + timeoutMs, signal };
  }

  private async run<T>(target: IpmiTarget, cmd: Command<T>, opts: IpmiCallOptions): Promise<T> {
    if (!nativeSupports(target))
      throw new HardwareError(`BMC ${bmcKey(target)}: the native IPMI client does not handle this target (use ipmitool).`);
    const { ipmi } = this.config;
    const bmc = bmcKey(target);
    const what = `IPMI command "${cmd.description}" to BMC ${bmc}`;
    const budgetMs = ipmi.command_retry_timeout * 1000;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let reused = false;
      let sent = false;
      const once = async () => {
        const entry = await this.session(target, opts);
        reused = entry.reused;
        entry.pooled.lastUsed = Date.now();
        sent = true;
        try {
          const res = await entry.pooled.session.request(cmd.request, this.requestOptions(opts.log, undefined, opts.signal));
          if (res.completionCode !== 0) throw new CompletionCodeError(completionCodeText(res.completionCode), res.completionCode);
          return cmd.parse(res.data);
        } catch (err) {
          // No answer in a session: it may be gone on the BMC side; the next attempt opens a new one.
          if (err instanceof NoAnswer) this.pool.delete(sessionKey(target), entry.pooled.session);
          throw err;
        }
      };
      try {
        return await this.queue.run(bmc, () => (this.metrics ? this.metrics.time(METRICS_DRIVER, cmd.operation, once) : once()));
      } catch (err) {
        // On a reused session silence may mean the BMC forgot the session: that case is retried below.
        if (cmd.mayGoUnanswered && err instanceof NoAnswer && sent && !reused) {
          opts.log.info({ bmc }, `${what}: no answer, as expected of a BMC that resets at once`);
          return undefined as T;
        }
        const failure = this.describe(what, err);
        const elapsed = Date.now() - started;
        const retryable =
          err instanceof NoAnswer ||
          (err instanceof CompletionCodeError && isTransientCompletionCode(err.code)) ||
          (err instanceof SessionRefused && err.kind === 'busy');
        const withinBudget = elapsed + ipmi.min_command_interval_ms < budgetMs;
        const staleSession = attempt === 1 && reused && err instanceof NoAnswer;
        if (!retryable || opts.signal?.aborted || !(withinBudget || staleSession)) {
          opts.log.warn({ bmc, attempt, elapsed_ms: elapsed, retryable }, `native IPMI call failed: ${failure.message}`);
          throw failure;
        }
        opts.log.info({ bmc, attempt, elapsed_ms: elapsed }, `native IPMI call failed, retrying: ${failure.message}`);
      }
    }
  }

  private describe(what: string, err: unknown): HardwareError {
    if (err instanceof HardwareError) return new HardwareError(`${what} failed: ${err.message}`);
    if (err instanceof CredentialsRejected)
      return new HardwareError(
        `${what} failed: the BMC rejected the credentials (${err.message}). Check ipmi_username, ipmi_password and ipmi_priv_level.`,
      );
    if (err instanceof NoAnswer)
      return new HardwareError(
        `${what} got no answer within ${this.config.ipmi.command_timeout} s. Check ipmi_address/ipmi_port and that the BMC's LAN channel is enabled.`,
      );
    if (err instanceof SessionRefused)
      return new HardwareError(
        `${what} failed: ${err.message}.${err.suiteUnsupported ? ' Set ipmi_cipher_suite to one the BMC supports (the native client speaks 3 and 17).' : ''}`,
      );
    if (err instanceof CompletionCodeError) return new HardwareError(`${what} failed: ${err.message}.`);
    if (err instanceof Cancelled) return new HardwareError(`${what} was cancelled.`);
    return new HardwareError(`${what} failed: ${err instanceof Error ? err.message : String(err)}.`);
  }

  /** The pooled session for `target`, opened when there is none. Runs in the BMC's queue turn. */
  private async session(target: IpmiTarget, opts: IpmiCallOptions): Promise<{ pooled: PooledSession; reused: boolean }> {
    const key = sessionKey(target);
    const existing = this.pool.get(key);
    if (existing) return { pooled: existing, reused: true };
    const remote = await this.transport.resolve(target.address, target.port);
    const creds: Credentials = {
      username: Buffer.from(target.username ?? '', 'utf8'),
      password: Buffer.from(target.password ?? '', 'utf8'),
      kg: target.kgKey,
      privilege: PRIVILEGE_CODE[target.privLevel],
    };
    const ropts = this.requestOptions(opts.log, undefined, opts.signal);
    await checkIpmi20(this.transport, remote, creds.privilege, ropts);
    const suites: readonly CipherSuiteId[] = target.cipherSuite === undefined ? NEGOTIATION_ORDER : [target.cipherSuite as CipherSuiteId];
    let session: Session | undefined;
    try {
      for (const [i, suite] of suites.entries()) {
        try {
          this.sessionsOpened++;
          session = await openSession(this.transport, remote, suite, creds, ropts);
          break;
        } catch (err) {
          const last = i === suites.length - 1;
          if (last || !(err instanceof SessionRefused && err.suiteUnsupported)) throw err;
          opts.log.debug({ bmc: bmcKey(target), suite, reason: err.message }, 'cipher suite refused, trying the next');
        }
      }
    } finally {
      // The session keeps only derived keys; this copy of the password goes now.
      creds.password.fill(0);
    }
    const pooled: PooledSession = { session: session!, bmc: bmcKey(target), lastUsed: Date.now() };
    this.pool.set(key, pooled);
    opts.log.debug({ bmc: bmcKey(target), suite: session!.suite.id }, 'IPMI session opened');
    return { pooled, reused: false };
  }

  private async keepAlive(key: string, e: PooledSession): Promise<void> {
    try {
      await this.queue.run(e.bmc, () => e.session.request(getDeviceId.request, this.requestOptions(this.log)));
    } catch {
      this.pool.delete(key, e.session);
      this.log.debug({ bmc: e.bmc }, 'IPMI keep-alive got no answer; the session is dropped');
    }
  }
}

// The credentials' digest is part of the key, so a node whose ipmi_password or ipmi_kg_key
// changed gets a new session (and a wrong new password fails now, not at the next re-open).
// A digest, not the secret itself, so the map holds no password in clear.
function sessionKey(t: IpmiTarget): string {
  const secrets = createHash('sha256').update(t.password ?? '');
  if (t.kgKey) secrets.update('\u0000').update(t.kgKey);
  return `${t.address}:${t.port}\u0000${t.username ?? ''}\u0000${t.privLevel}\u0000${t.cipherSuite ?? 'any'}\u0000${secrets.digest('base64')}`;
}
