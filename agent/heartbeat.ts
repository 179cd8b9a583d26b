// Heartbeats: the first one right after lookup, carrying the inventory; then one every
// interval. A failed heartbeat is retried with backoff; the inventory stays pending until a
// heartbeat carrying it has been accepted.
import type { Activity } from './activity.js';
import { backoffDelay, sleep } from './backoff.js';
import type { CoreClient } from './client.js';
import { errorText, log } from './log.js';
import type { Inventory } from '../protocol/agent-wire.js';
import { AGENT_VERSION } from './version.js';

/** Three heartbeats per timeout, so that one lost heartbeat never times the node out; ≤ 30 s. */
export function heartbeatIntervalMs(heartbeatTimeoutS: number): number {
  const seconds = Math.min(Math.max(heartbeatTimeoutS / 3, 1), 30);
  return Math.round(seconds * 1000);
}

export interface HeartbeatOptions {
  client: CoreClient;
  nodeUuid: string;
  token: string;
  callbackUrl: string;
  /** The PEM certificate the command API serves (IPA's agent_verify_ca). */
  verifyCa: string;
  intervalMs: number;
  inventory: Inventory;
  /** While it is busy, heartbeats come every BUSY_INTERVAL_MS and carry its progress. */
  activity?: Activity;
}

/** deploy-protocol.md: progress reaches the conductor at least every 5 s while a command runs. */
export const BUSY_INTERVAL_MS = 5000;

export class Heartbeater {
  private stopped = false;
  private pendingInventory: Inventory | null;
  private sent = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: HeartbeatOptions) {
    this.pendingInventory = opts.inventory;
    // A command that ends is news for the conductor: heartbeat now instead of at the next tick.
    opts.activity?.onEnd(() => this.wake?.());
  }

  /** Sleeps the interval, shortened while a command runs, and cut short by wake(). */
  private async pause(): Promise<void> {
    const started = Date.now();
    let woken = false;
    this.wake = () => (woken = true);
    while (!this.stopped && !woken) {
      const interval = this.opts.activity?.busy ? Math.min(BUSY_INTERVAL_MS, this.opts.intervalMs) : this.opts.intervalMs;
      const left = interval - (Date.now() - started);
      if (left <= 0) break;
      await sleep(Math.min(left, 250));
    }
    this.wake = null;
  }

  async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.opts.client.heartbeat(this.opts.nodeUuid, {
          callback_url: this.opts.callbackUrl,
          agent_token: this.opts.token,
          agent_version: AGENT_VERSION,
          agent_verify_ca: this.opts.verifyCa,
          agent_status: this.sent === 0 ? 'start' : null,
          ...(this.pendingInventory ? { inventory: this.pendingInventory } : {}),
          ...(this.opts.activity?.progress ? { progress: this.opts.activity.progress } : {}),
        });
        if (this.sent === 0 || failures > 0)
          log.info(`heartbeat accepted by the core${this.pendingInventory ? ' (with the inventory)' : ''}`);
        this.pendingInventory = null;
        this.sent++;
        failures = 0;
        await this.pause();
      } catch (err) {
        const delay = Math.min(backoffDelay(failures), this.opts.intervalMs * 2);
        failures++;
        log.warn(`heartbeat failed (attempt ${failures}): ${errorText(err)}; retrying in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay);
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
