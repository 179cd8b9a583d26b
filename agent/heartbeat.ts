// Heartbeats: the first one right after lookup, carrying the inventory; then one every
// interval. A failed heartbeat is retried with backoff; the inventory stays pending until a
// heartbeat carrying it has been accepted.
import { backoffDelay, sleep } from './backoff.js';
import type { CoreClient } from './client.js';
import { errorText, log } from './log.js';
import type { Inventory } from './protocol-types.js';
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
  intervalMs: number;
  inventory: Inventory;
}

export class Heartbeater {
  private stopped = false;
  private pendingInventory: Inventory | null;
  private sent = 0;

  constructor(private readonly opts: HeartbeatOptions) {
    this.pendingInventory = opts.inventory;
  }

  async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.opts.client.heartbeat(this.opts.nodeUuid, {
          callback_url: this.opts.callbackUrl,
          agent_token: this.opts.token,
          agent_version: AGENT_VERSION,
          agent_status: this.sent === 0 ? 'start' : null,
          ...(this.pendingInventory ? { inventory: this.pendingInventory } : {}),
        });
        if (this.sent === 0 || failures > 0) log.info(`heartbeat accepted by the core${this.pendingInventory ? ' (with the inventory)' : ''}`);
        this.pendingInventory = null;
        this.sent++;
        failures = 0;
        await sleep(this.opts.intervalMs);
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
