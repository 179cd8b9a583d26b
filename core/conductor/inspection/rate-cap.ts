// The cap on nodes created by discovery: at most N per sliding minute. The callback is public,
// so a flood of forged inventories must not fill the database with nodes.
import { TyrError } from '../../errors.js';

/** 429 with the seconds after which a retry can succeed (the API sends it as Retry-After). */
export class DiscoveryRateLimited extends TyrError {
  override readonly status = 429;
  constructor(readonly retryAfterSeconds: number, perMinute: number) {
    super(`Discovery already created ${perMinute} nodes in the last minute (discovery.max_new_nodes_per_minute); retry in ${retryAfterSeconds} s.`);
  }
}

export class RateCap {
  private readonly times: number[] = [];

  constructor(private readonly perMinute: () => number, private readonly now: () => number = Date.now) {}

  /** Takes one slot or throws DiscoveryRateLimited. */
  take(): void {
    const t = this.now();
    while (this.times.length && this.times[0]! <= t - 60_000) this.times.shift();
    const max = this.perMinute();
    if (this.times.length >= max) {
      throw new DiscoveryRateLimited(Math.max(1, Math.ceil((this.times[0]! + 60_000 - t) / 1000)), max);
    }
    this.times.push(t);
  }

  /** Gives a slot back (the node could not be created after all). */
  giveBack(): void {
    this.times.pop();
  }
}
