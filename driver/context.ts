// What every shim operation works with: the core client, the node cache and the timings.
import type { TyrClient } from '../client/client.js';
import type { NodeCache } from './node-cache.js';

export interface ShimOptions {
  /** How long spawn and rebuild wait for `active` (Nova's ironic driver waits without limit). */
  deployTimeoutMs: number;
  /** How long power, rescue and console changes may take. */
  actionTimeoutMs: number;
  pollIntervalMs: number;
}

export interface Shim {
  client: TyrClient;
  cache: NodeCache;
  opts: ShimOptions;
  /**
   * Nodes a spawn is reserving right now. The core lets a PATCH overwrite instance_uuid, so two
   * spawns racing for one node are told apart here (and checked again after the PATCH).
   */
  reserving: Set<string>;
}
