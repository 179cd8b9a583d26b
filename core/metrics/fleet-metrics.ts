// The fleet at scrape time: nodes by provision state, power state and maintenance. All three
// gauges come from one GROUP BY (FleetSummaryRepo.stateCounts, which the console's overview shares), cached briefly so that one scrape (or
// several scrapers at once) costs one query however many nodes there are.
import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../db/store.js';
import { PROVISION_STATES } from '../states/provision-states.js';

type StateCounts = Awaited<ReturnType<Store['fleetSummary']['stateCounts']>>;

/** How long one read of the counts serves scrapes. */
const CACHE_MS = 2000;

/** The power_state label of nodes whose power state is unknown (null), as Ironic shows it. */
const NO_POWER_STATE = 'None';

export class FleetMetrics {
  private cached: { at: number; counts: Promise<StateCounts> } | undefined;

  constructor(
    registry: Registry,
    private readonly store: Store,
  ) {
    const counts = () => this.counts();
    new Gauge({
      name: 'tyr_nodes',
      help: 'Nodes enrolled.',
      registers: [registry],
      async collect() {
        this.set((await counts()).reduce((n, r) => n + r.count, 0));
      },
    });
    new Gauge({
      name: 'tyr_nodes_by_provision_state',
      help: 'Nodes in each provision state (every state is listed, with 0 when empty).',
      labelNames: ['provision_state'],
      registers: [registry],
      async collect() {
        const by = new Map<string, number>(Object.keys(PROVISION_STATES).map((s) => [s, 0]));
        for (const r of await counts()) by.set(r.provision_state, (by.get(r.provision_state) ?? 0) + r.count);
        this.reset();
        for (const [provision_state, n] of by) this.set({ provision_state }, n);
      },
    });
    new Gauge({
      name: 'tyr_nodes_by_power_state',
      help: 'Nodes in each recorded power state ("None": not known yet).',
      labelNames: ['power_state'],
      registers: [registry],
      async collect() {
        const by = new Map<string, number>();
        for (const r of await counts()) {
          const state = r.power_state ?? NO_POWER_STATE;
          by.set(state, (by.get(state) ?? 0) + r.count);
        }
        this.reset();
        for (const [power_state, n] of by) this.set({ power_state }, n);
      },
    });
    new Gauge({
      name: 'tyr_nodes_maintenance',
      help: 'Nodes in maintenance mode.',
      registers: [registry],
      async collect() {
        this.set((await counts()).reduce((n, r) => n + (r.maintenance ? r.count : 0), 0));
      },
    });
  }

  private counts(): Promise<StateCounts> {
    const at = Date.now();
    if (!this.cached || at - this.cached.at > CACHE_MS) {
      const counts = this.store.fleetSummary.stateCounts();
      // A failed read is not cached: the next scrape tries again.
      counts.catch(() => (this.cached = undefined));
      this.cached = { at, counts };
    }
    return this.cached.counts;
  }
}
