// The conductor's matching of agent lookups and inspection callbacks to nodes, handed to the API
// process's RPC routing (core/rpc/targets.ts) so that it sends each call to the conductor that
// owns the node the conductor itself would pick.
import type { Config } from '../config.js';
import { findLookupNode } from '../conductor/ramdisk-callbacks/lookup.js';
import { checkCallback, inventoryMacs } from '../conductor/inspection/inventory.js';
import { matchNode } from '../conductor/inspection/match.js';
import type { Store } from '../db/store.js';
import type { NodeMatching } from '../rpc/targets.js';

export function conductorNodeMatching(store: Store, config: Config): NodeMatching {
  return {
    lookupNode: (addresses, nodeUuid) => findLookupNode({ store }, addresses, nodeUuid),
    async inspectionSubject(body, nodeUuid) {
      const cb = checkCallback(body, { maxPluginDataBytes: config.inspection.max_plugin_data_bytes }, nodeUuid);
      const match = await matchNode({ store }, cb);
      return match ? { node: match.node } : { firstMac: inventoryMacs(cb.inventory)[0] ?? 'unknown' };
    },
  };
}
