// Every metric of one running service (a `tyr server`, `tyr api` or `tyr conductor`), in its own
// prom-client Registry. One registry per service rather than prom-client's global one: tests (and
// the bench) start several services in one process, and each must count only its own requests
// and read the fleet from its own database; module-level metrics in a shared registry would mix
// them and fail to register twice. The composition roots create it and hand its parts down
// through the deps they already pass (the store, the drivers, the conductor, the API app).
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Store } from '../db/store.js';
import { AgentMetrics } from './agent-metrics.js';
import { ApiMetrics } from './api-metrics.js';
import { BmcMetrics } from './bmc-metrics.js';
import { DbMetrics } from './db-metrics.js';
import { DeployMetrics } from './deploy-metrics.js';
import { FleetMetrics } from './fleet-metrics.js';
import { PowerSyncMetrics } from './power-sync-metrics.js';
import { RingMetrics, type RingWatch } from './ring-metrics.js';

const LINT_FAILING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly api = new ApiMetrics(this.registry);
  readonly bmc = new BmcMetrics(this.registry);
  readonly db = new DbMetrics(this.registry);
  readonly agent = new AgentMetrics(this.registry);
  readonly deploys = new DeployMetrics(this.registry);
  readonly powerSync = new PowerSyncMetrics(this.registry);

  constructor() {
    // Node's process metrics (CPU, memory, handles, GC) and nodejs_eventloop_lag_*.
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters, which promtool's lint rejects; each is only the sum of its
    // labelled family (nodejs_active_handles{type}, …), so nothing is lost.
    for (const name of LINT_FAILING_DEFAULTS) this.registry.removeSingleMetric(name);
  }

  /** Adds the fleet gauges, read from `store` at scrape time (once the database is open). */
  watchFleet(store: Store): void {
    new FleetMetrics(this.registry, store);
  }

  /** Adds the conductor ring gauges. */
  watchRing(watch: RingWatch): void {
    new RingMetrics(this.registry, watch);
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
