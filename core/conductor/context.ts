// What the conductor's operations share: one object handed to each operation module, so the
// modules stay plain functions and the Conductor class only routes.
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { DriverRegistry } from '../drivers/registry.js';
import type { Logger } from '../log.js';
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
}
