// The open sessions of one client, one per BMC + user + privilege + cipher suite, so a power
// sync reuses a session instead of paying four round trips per call. A sweep (one unref'd timer,
// not one per session) sends a keep-alive on sessions idle past `keepAliveMs`, so the BMC's
// inactivity timeout does not end them, and closes sessions nobody used for `idleCloseMs`: 10,000
// nodes must not hold 10,000 sessions forever.
import type { Session } from './session.js';

export interface PooledSession {
  session: Session;
  /** Queue key (address:port) of the BMC, to run the keep-alive and the close in its turn. */
  bmc: string;
  /** Last time a caller used the session (keep-alives do not count). */
  lastUsed: number;
}

export interface SweepActions {
  keepAlive(key: string, entry: PooledSession): void;
  close(key: string, entry: PooledSession): void;
}

export class SessionPool {
  private readonly entries = new Map<string, PooledSession>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keepAliveMs: number,
    private readonly idleCloseMs: number,
    private readonly actions: SweepActions,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): PooledSession | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: PooledSession): void {
    this.entries.set(key, entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), Math.max(100, Math.min(this.keepAliveMs, this.idleCloseMs) / 4));
      this.timer.unref();
    }
  }

  /** Forgets `key` if it still holds `session` (a newer session may have replaced it). */
  delete(key: string, session?: Session): void {
    const e = this.entries.get(key);
    if (!e || (session && e.session !== session)) return;
    this.entries.delete(key);
    if (this.entries.size === 0) this.stopSweeping();
  }

  /** Empties the pool, returning what was in it (for Close Session). */
  drain(): [string, PooledSession][] {
    const all = [...this.entries];
    this.entries.clear();
    this.stopSweeping();
    return all;
  }

  private stopSweeping(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, e] of this.entries) {
      if (now - e.lastUsed >= this.idleCloseMs) {
        this.delete(key, e.session);
        this.actions.close(key, e);
      } else if (now - e.session.lastAnswer >= this.keepAliveMs) {
        // Counts as an answer from now on, so a slow keep-alive is not sent twice.
        e.session.lastAnswer = now;
        this.actions.keepAlive(key, e);
      }
    }
  }
}
