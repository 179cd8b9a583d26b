// The power-sync pass: how long one pass over this conductor's nodes takes and how many it saw.
// A pass that approaches sync_power_state_interval means BMCs are slow or workers too few.
import { Gauge, Histogram, type Registry } from 'prom-client';

const BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class PowerSyncMetrics {
  private readonly duration: Histogram;
  private readonly nodes: Gauge;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'tyr_power_sync_duration_seconds',
      help: "Time one power-sync pass over this conductor's nodes took.",
      buckets: BUCKETS,
      registers: [registry],
    });
    this.nodes = new Gauge({
      name: 'tyr_power_sync_nodes',
      help: 'Nodes the last completed power-sync pass looked at.',
      registers: [registry],
    });
  }

  /** Times one pass; `pass` resolves to the number of nodes it looked at. */
  async time(pass: () => Promise<number>): Promise<number> {
    const stop = this.duration.startTimer();
    try {
      const n = await pass();
      this.nodes.set(n);
      return n;
    } finally {
      stop();
    }
  }
}
