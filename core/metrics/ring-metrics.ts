// Conductor ring membership: live conductors per conductor group (what the hash ring spreads the
// nodes over) and, in a process with a conductor, whether this one is among them. Read at scrape
// time from the conductors table, which holds one row per conductor (small).
import { Gauge, type Registry } from 'prom-client';
import { isAlive } from '../db/conductors.js';
import type { Store } from '../db/store.js';

/** The conductor_group label of conductors in no group (Ironic's default, the empty string). */
const NO_GROUP = 'none';

export interface RingWatch {
  store: Store;
  heartbeatTimeoutSeconds: number;
  /** This process's conductor hostname; absent in an API process. */
  host?: string;
}

export class RingMetrics {
  constructor(registry: Registry, watch: RingWatch) {
    const live = async () => (await watch.store.conductors.list()).filter((c) => isAlive(c, watch.heartbeatTimeoutSeconds));
    new Gauge({
      name: 'tyr_conductors_live',
      help: 'Live conductors (heartbeating within conductor.heartbeat_timeout) per conductor group.',
      labelNames: ['conductor_group'],
      registers: [registry],
      async collect() {
        const by = new Map<string, number>();
        for (const c of await live()) {
          const group = c.conductor_group || NO_GROUP;
          by.set(group, (by.get(group) ?? 0) + 1);
        }
        this.reset();
        for (const [conductor_group, n] of by) this.set({ conductor_group }, n);
      },
    });
    const host = watch.host;
    if (host === undefined) return;
    new Gauge({
      name: 'tyr_conductor_ring_member',
      help: "1 while this process's conductor is live and in the ring (it owns nodes), 0 when it is not.",
      registers: [registry],
      async collect() {
        this.set((await live()).some((c) => c.hostname === host) ? 1 : 0);
      },
    });
  }
}
