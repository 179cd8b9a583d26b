// Runs ipmitool as a child process (execFile-style, never through a shell) for one BMC:
// the password goes through a 0600 file removed on every path, commands to one BMC are
// serialised with a minimum interval, known transient errors are retried within a per-operation
// budget, and every child is killed when it exceeds its hard timeout.
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import type { Config } from '../../config.js';
import { HardwareError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { BmcMetrics } from '../../metrics/bmc-metrics.js';
import { ipmitoolOperation } from '../../metrics/bmc-operations.js';
import type { BmcQueue } from './bmc-queue.js';
import { bmcKey, type IpmiTarget } from './driver-info.js';
import type { PasswordFiles } from './password-files.js';
import { buildArgs, cleanStderr, isAuthFailure, isTransient, looksLikeSessionFailure, type IpmiCommand } from './ipmitool-cli.js';

export interface ExecRequest {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  /** Exit code, or null when the child died from a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when Tyr killed the child because it passed its timeout. */
  timedOut: boolean;
  /** Set when the child could not be started at all (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
  pid?: number;
}

export type ExecFn = (req: ExecRequest) => Promise<ExecResult>;

const OUTPUT_CAP = 256 * 1024;

// One cancellation signal (e.g. the conductor's stop) legitimately watches many children at
// once, one per BMC being talked to; Node's leak warning at 11 listeners does not apply.
const widened = new WeakSet<AbortSignal>();
function watchAbort(signal: AbortSignal, onAbort: () => void): void {
  if (!widened.has(signal)) {
    setMaxListeners(0, signal);
    widened.add(signal);
  }
  signal.addEventListener('abort', onAbort, { once: true });
}

/** Spawns `file args` directly (no shell) and SIGKILLs it at the timeout or on abort. */
export const execChild: ExecFn = (req) =>
  new Promise((resolve) => {
    const child = spawn(req.file, req.args, { env: req.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < OUTPUT_CAP) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < OUTPUT_CAP) stderr += d.toString('utf8');
    });
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, req.timeoutMs);
    if (req.signal) watchAbort(req.signal, kill);
    child.once('error', (err) => {
      spawnError = err;
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', kill);
      resolve({ code, stdout, stderr, timedOut, spawnError, pid: child.pid });
    });
  });

/**
 * The BMC key as ipmitool -K reads it: a C string from the environment, so a key with a zero byte
 * or bytes that are not UTF-8 text (a 40-hex-digit ipmi_kg_key may hold any) cannot pass; only
 * `ipmitool -y` could take it, on the command line, which Tyr never does.
 */
function kgKeyForEnv(target: IpmiTarget): string {
  const key = target.kgKey!;
  const text = key.toString('utf8');
  if (key.includes(0) || !Buffer.from(text, 'utf8').equals(key)) {
    throw new HardwareError(
      `The ipmi_kg_key of BMC ${bmcKey(target)} holds bytes ipmitool can only take on its command line, where secrets never go. ` +
        'Use [ipmi] client = native (IPMI 2.0, cipher suite 3 or 17), or a BMC key of printable text.',
    );
  }
  return text;
}

/** Made by IpmitoolResources, which owns the queue and the password files. */
export interface RunnerOptions {
  /** Per-BMC queue, shared by every runner of the service. */
  queue: BmcQueue;
  passwords: PasswordFiles;
  /** How a child is run; tests wrap execChild to watch argv and files. */
  exec?: ExecFn;
  /** The service's BMC call metrics: every ipmitool run is timed, failures counted. */
  metrics?: BmcMetrics;
}

export interface RunOptions {
  log: Logger;
  signal?: AbortSignal;
}

export class IpmitoolRunner {
  private readonly queue: BmcQueue;
  private readonly passwords: PasswordFiles;
  private readonly exec: ExecFn;
  private readonly metrics?: BmcMetrics;

  constructor(
    private readonly config: Config,
    opts: RunnerOptions,
  ) {
    this.queue = opts.queue;
    this.passwords = opts.passwords;
    this.exec = opts.exec ?? execChild;
    this.metrics = opts.metrics;
  }

  /** Runs one command, retrying transient failures; returns stdout or throws HardwareError. */
  async run(target: IpmiTarget, command: IpmiCommand, opts: RunOptions): Promise<string> {
    const { ipmi } = this.config;
    const log = opts.log.child({ bmc: bmcKey(target), ipmi_command: command.join(' ') });
    const budgetMs = ipmi.command_retry_timeout * 1000;
    const started = Date.now();
    const passwordFile = target.password !== undefined ? await this.passwords.write(target.password) : undefined;
    try {
      const args = buildArgs(target, command, passwordFile ? { file: passwordFile } : undefined);
      const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
      delete env.IPMI_PASSWORD;
      delete env.IPMI_KGKEY;
      if (target.kgKey) env.IPMI_KGKEY = kgKeyForEnv(target);
      for (let attempt = 1; ; attempt++) {
        if (opts.signal?.aborted) throw new HardwareError(`IPMI command "${command.join(' ')}" to BMC ${bmcKey(target)} was cancelled.`);
        const t0 = Date.now();
        const exec = () => this.exec({ file: ipmi.ipmitool_path, args, env, timeoutMs: ipmi.command_timeout * 1000, signal: opts.signal });
        // Timed inside the queue: waiting for the BMC's turn is not the BMC's latency.
        const res = await this.queue.run(bmcKey(target), () =>
          this.metrics
            ? this.metrics.time('ipmitool', ipmitoolOperation(command), exec, (r) => r.code !== 0 || r.timedOut || !!r.spawnError)
            : exec(),
        );
        const ms = Date.now() - t0;
        if (res.code === 0 && !res.timedOut && !res.spawnError) {
          log.debug({ attempt, ms }, 'ipmitool call succeeded');
          return res.stdout;
        }
        const err = this.describe(target, command, res);
        const retryable = !res.spawnError && (res.timedOut || isTransient(res.stderr));
        const elapsed = Date.now() - started;
        if (!retryable || elapsed + ipmi.min_command_interval_ms >= budgetMs || opts.signal?.aborted) {
          log.warn({ attempt, ms, elapsed_ms: elapsed, retryable }, `ipmitool call failed: ${err.message}`);
          throw err;
        }
        log.info({ attempt, ms, elapsed_ms: elapsed }, `ipmitool call failed, retrying: ${err.message}`);
      }
    } finally {
      if (passwordFile) await this.passwords.remove(passwordFile);
    }
  }

  private describe(target: IpmiTarget, command: IpmiCommand, res: ExecResult): HardwareError {
    const what = `IPMI command "${command.join(' ')}" to BMC ${bmcKey(target)}`;
    if (res.spawnError) {
      const hint =
        res.spawnError.code === 'ENOENT' ? ' Install ipmitool (bash scripts/install-system-deps.sh) or set [ipmi] ipmitool_path.' : '';
      return new HardwareError(`${what} could not start ${this.config.ipmi.ipmitool_path}: ${res.spawnError.message}.${hint}`);
    }
    if (res.timedOut) {
      return new HardwareError(`${what} timed out after ${this.config.ipmi.command_timeout} s; ipmitool was killed.`);
    }
    let stderr = cleanStderr(res.stderr) || `exit code ${res.code}`;
    // ipmitool does not echo the password; this guards against a BMC or a future version that does.
    if (target.password && target.password.length >= 4) stderr = stderr.split(target.password).join('******');
    if (isAuthFailure(res.stderr)) {
      return new HardwareError(
        `${what} failed: the BMC rejected the credentials (${stderr}). ` + 'Check ipmi_username, ipmi_password and ipmi_priv_level.',
      );
    }
    const hint = looksLikeSessionFailure(res.stderr)
      ? ' Check that the BMC is reachable at ipmi_address/ipmi_port and that ipmi_cipher_suite is one it supports.'
      : '';
    return new HardwareError(`${what} failed: ${stderr}.${hint}`);
  }
}
