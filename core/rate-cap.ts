// Sliding-minute rate caps for the public inspection callback: nodes created by discovery, callbacks
// per node waiting for inspection, callbacks per source address. The callback takes no
// credentials, so a flood of forged inventories must neither fill the database nor keep it busy.
import { RateLimited } from './errors.js';

const WINDOW_MS = 60_000;

/** What the 429 says, given the cap and the wait: it names the option so an operator can raise it. */
export type Explain = (key: string, perMinute: number, retryAfterSeconds: number) => string;

/**
 * At most perMinute() takes per key in any minute. Keys (node UUIDs, source addresses) come and
 * go, so keys whose minute has passed are swept at most once a minute: the map holds only the keys
 * seen in the last minute, however many sources knock.
 */
export class RateCap {
  private readonly times = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    private readonly perMinute: () => number,
    private readonly explain: Explain,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Takes one slot for `key` or throws RateLimited. */
  take(key = ''): void {
    const t = this.now();
    this.sweep(t);
    const times = this.times.get(key) ?? [];
    while (times.length && times[0]! <= t - WINDOW_MS) times.shift();
    const max = this.perMinute();
    if (times.length >= max) {
      const wait = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - t) / 1000));
      throw new RateLimited(wait, this.explain(key, max, wait));
    }
    times.push(t);
    this.times.set(key, times);
  }

  /** Gives `key`'s last slot back (what it was taken for did not happen after all). */
  giveBack(key = ''): void {
    this.times.get(key)?.pop();
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = t;
    for (const [key, times] of this.times) {
      if (!times.length || times[times.length - 1]! <= t - WINDOW_MS) this.times.delete(key);
    }
  }
}

/** discovery.max_new_nodes_per_minute. */
export function newNodeCap(perMinute: () => number): RateCap {
  return new RateCap(
    perMinute,
    (_key, max, wait) =>
      `Discovery already created ${max} nodes in the last minute (discovery.max_new_nodes_per_minute); retry in ${wait} s.`,
  );
}

/** inspection.max_callbacks_per_node_per_minute. */
export function perNodeCap(perMinute: () => number): RateCap {
  return new RateCap(
    perMinute,
    (_node, max, wait) =>
      `This node already received ${max} inspection callbacks in the last minute (inspection.max_callbacks_per_node_per_minute); retry in ${wait} s.`,
  );
}

/** inspection.max_callbacks_per_source_per_minute. */
export function perSourceCap(perMinute: () => number): RateCap {
  return new RateCap(
    perMinute,
    (source, max, wait) =>
      `${source} already sent ${max} inspection callbacks in the last minute (inspection.max_callbacks_per_source_per_minute); retry in ${wait} s.`,
  );
}
