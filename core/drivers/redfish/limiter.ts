// Bounded concurrency: at most `perKey` requests in flight to one BMC and `total` across all of
// them. Waiters are served in arrival order. Idle keys are forgotten, so the map is only as big
// as the set of BMCs being talked to right now.

class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get busy(): boolean {
    return this.active > 0 || this.waiting.length > 0;
  }

  async enter(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    // The slot is handed over by leave(), so `active` is not incremented here.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

export class RequestLimiter {
  private readonly total: Gate;
  private readonly lanes = new Map<string, Gate>();

  constructor(
    private readonly perKey: number,
    total: number,
  ) {
    this.total = new Gate(total);
  }

  /** BMCs with a request in flight or waiting. */
  get activeKeys(): number {
    return this.lanes.size;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Gate(this.perKey);
      this.lanes.set(key, lane);
    }
    // The BMC's lane first: a request waiting for a busy BMC must not hold one of the global
    // slots that requests to idle BMCs could use.
    await lane.enter();
    try {
      await this.total.enter();
      try {
        return await fn();
      } finally {
        this.total.leave();
      }
    } finally {
      lane.leave();
      if (!lane.busy && this.lanes.get(key) === lane) this.lanes.delete(key);
    }
  }
}
