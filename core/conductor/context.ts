// What the conductor's operations share: one object handed to each operation module, so the
// modules stay plain functions and the Conductor class only routes.
import type { Config } from '../config.js';
import type { ConductorUrls } from '../db/conductors.js';
import type { Store } from '../db/store.js';
import type { DriverRegistry } from '../drivers/registry.js';
import type { Logger } from '../log.js';
import type { DeployMetrics } from '../metrics/deploy-metrics.js';
import type { PowerSyncMetrics } from '../metrics/power-sync-metrics.js';
import type { RingKey } from './ring/hash-ring.js';
import type { RingView } from './ring/ring-view.js';
import type { TaskManager } from './task-manager.js';
import type { WorkerPool } from './worker-pool.js';

export interface ConductorContext {
  readonly config: Config;
  readonly store: Store;
  readonly registry: DriverRegistry;
  readonly host: string;
  readonly log: Logger;
  readonly tasks: TaskManager;
  readonly pool: WorkerPool;
  /**
   * The hash ring over the live conductors (scale-out). Absent in the all-in-one `tyr server`,
   * where this conductor owns every node.
   */
  readonly ring?: RingView;
  /** Scale-out: where API processes and machines reach this conductor (registered with it). */
  readonly urls?: ConductorUrls;
  /** The service's conductor metrics; absent where nothing is measured (unit tests). */
  readonly metrics?: ConductorMetrics;
}

/** What the conductor measures itself: its power-sync passes and its deploys. */
export interface ConductorMetrics {
  readonly powerSync: PowerSyncMetrics;
  readonly deploys: DeployMetrics;
}

/**
 * Whether this conductor owns a node: every node without a ring (all-in-one), else those the ring
 * names its host for. One ring read, then a synchronous check per node, so sweeps over a batch
 * query nothing per node just to skip it.
 */
export async function ownershipCheck(c: ConductorContext): Promise<(node: RingKey) => boolean> {
  if (!c.ring) return () => true;
  const ring = await c.ring.current();
  return (node) => ring.owner(node) === c.host;
}
