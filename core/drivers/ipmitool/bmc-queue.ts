// One queue per BMC (address:port): two commands to the same BMC never overlap, and each starts
// at least `minIntervalMs` after the previous one ended. Small BMCs drop sessions when pushed
// harder. Different BMCs run in parallel. Idle entries are dropped, so the map stays as small as
// the set of BMCs being talked to right now, even with 10,000 nodes.

interface Lane {
  tail: Promise<void>;
  lastEnd: number;
  pending: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class BmcQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly minIntervalMs: number) {}

  /** Number of BMCs with a command queued, running, or inside its interval. */
  get size(): number {
    return this.lanes.size;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), lastEnd: 0, pending: 0 };
      this.lanes.set(key, lane);
    }
    const prev = lane.tail;
    let release!: () => void;
    lane.tail = new Promise<void>((r) => {
      release = r;
    });
    lane.pending++;
    try {
      await prev;
      const wait = lane.lastEnd + this.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      return await fn();
    } finally {
      lane.lastEnd = Date.now();
      lane.pending--;
      release();
      if (lane.pending === 0) this.forgetLater(key, lane);
    }
  }

  private forgetLater(key: string, lane: Lane): void {
    const drop = () => {
      if (lane.pending === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
    };
    if (this.minIntervalMs === 0) drop();
    else setTimeout(drop, this.minIntervalMs).unref();
  }
}
