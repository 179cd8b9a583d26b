// What every router is handed: the repositories, the conductor contract, the configuration and the logger.
import type { Config } from '../config.js';
import type { ConductorApi } from '../conductor/conductor-api.js';
import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { Node } from '../db/types.js';

export interface ApiDeps {
  store: Store;
  conductor: ConductorApi;
  config: Config;
  /** The service's root logger; routers log as components of it (`agent-api`, `events`). */
  log: Logger;
  /**
   * Scale-out API processes: names each node's owning conductor (a function of one ring read).
   * Absent in the all-in-one server, where this process's conductor owns every node.
   */
  conductorOf?: () => Promise<(node: Node) => string | null>;
  /** Told after the API deleted a node (the console's change stream cannot poll a missing row). */
  onNodeDeleted?: (uuid: string) => void;
  /** The service's metrics (agent callbacks are counted); absent where nothing is measured. */
  metrics?: ServiceMetrics;
}
