// One console program (e.g. `ipmitool … sol activate`) kept running while its console is enabled:
// restarted with exponential backoff when it exits, killed with its whole process group on stop.
// It runs in its own process group (detached) so that a stop reaches anything it spawned; its
// stdin stays an open pipe, so if Tyr itself dies the program reads EOF and exits on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.js';

export interface ConsoleCommand {
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** What a console interface hands the supervisor: how to (re)start its program. */
export interface ConsoleProgram {
  /**
   * Called before every start: clears stale state (e.g. a BMC's leftover SOL session) and returns
   * the command plus a cleanup run once that child has exited (e.g. removing a password file).
   */
  prepare(): Promise<{ command: ConsoleCommand; cleanup(): Promise<void> }>;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** A child that ran this long before exiting counts as healthy: the delay starts over. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, stableMs: 30_000 };

export interface ChildSink {
  output(data: Buffer): void;
  notice(message: string): void;
}

const EOF_GRACE_MS = 1500;
const KILL_GRACE_MS = 2000;
const STDERR_TAIL = 2048;

export class SupervisedChild {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private stopped = true;
  private timer?: NodeJS.Timeout;
  private delayMs: number;
  /** How many times the program was started (tests and logs). */
  starts = 0;

  constructor(
    private readonly program: ConsoleProgram,
    private readonly sink: ChildSink,
    private readonly log: Logger,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {
    this.delayMs = backoff.initialMs;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.stopped = false;
    void this.runOnce();
  }

  /** Input for the program; dropped while it is being restarted. */
  write(data: Buffer): void {
    const stdin = this.child?.stdin;
    if (stdin && stdin.writable) stdin.write(data);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      // First end its input: ipmitool then ends the SOL session at the BMC itself (a killed one
      // leaves it to the BMC, and ipmi_sim then drops the next session's first keystrokes).
      c.stdin?.end();
      const term = setTimeout(() => this.signalGroup(c, 'SIGTERM'), EOF_GRACE_MS);
      const kill = setTimeout(() => this.signalGroup(c, 'SIGKILL'), EOF_GRACE_MS + KILL_GRACE_MS);
      await this.exited;
      clearTimeout(term);
      clearTimeout(kill);
    }
    await this.exited;
  }

  // Only the group of a child started here, and only while that child has not been reaped
  // (after that its PID, and so the group id, may belong to someone else).
  private signalGroup(c: ChildProcess, signal: NodeJS.Signals): void {
    if (c.exitCode !== null || c.signalCode !== null || !c.pid) return;
    try {
      process.kill(-c.pid, signal);
    } catch {
      c.kill(signal);
    }
  }

  private async runOnce(): Promise<void> {
    if (this.stopped) return;
    let prepared: Awaited<ReturnType<ConsoleProgram['prepare']>>;
    try {
      prepared = await this.program.prepare();
    } catch (err) {
      this.retryLater(`could not start the console program: ${(err as Error).message}`, 0);
      return;
    }
    if (this.stopped) {
      await prepared.cleanup().catch(() => undefined);
      return;
    }
    const { file, args, env } = prepared.command;
    const started = Date.now();
    const child = spawn(file, args, { env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.starts++;
    let stderr = '';
    let spawnError: Error | undefined;
    child.stdout.on('data', (d: Buffer) => this.sink.output(d));
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.stdin.on('error', () => undefined); // EPIPE when the program died; the close below handles it
    child.once('error', (err) => {
      spawnError = err;
    });
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        if (this.child === child) this.child = undefined;
        void prepared
          .cleanup()
          .catch((err: unknown) => this.log.warn({ err }, 'console cleanup failed'))
          .then(() => {
            resolve();
            if (this.stopped) return;
            const why = spawnError ? `could not start ${file}: ${spawnError.message}` : `exited (${code ?? signal})`;
            this.log.warn({ child_pid: child.pid, stderr: stderr.trim().slice(-500) }, `console program ${why}`);
            this.retryLater(`console program ${why}`, Date.now() - started);
          });
      });
    });
  }

  private retryLater(why: string, ranMs: number): void {
    if (this.stopped) return;
    if (ranMs >= this.backoff.stableMs) this.delayMs = this.backoff.initialMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.sink.notice(`${why}; restarting in ${(delay / 1000).toFixed(1)} s`);
    this.timer = setTimeout(() => void this.runOnce(), delay);
  }
}
