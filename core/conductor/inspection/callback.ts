// The conductor's half of POST /v1/continue_inspection. The caller is an unauthenticated ramdisk,
// so it may change little, and only what the conductor expects (Ironic's rule):
// * a node in `inspect wait` (the only state that waits for a ramdisk's inspection data; the
//   conductor itself moves it on to `inspecting`) gets its inventory stored, and the agent is told
//   to heartbeat: the inspection then finishes from the heartbeat (finish.ts);
// * a machine nobody knows becomes a new node when discovery is on;
// * anything else is refused with the same 404 (CallbackRefused) and changes nothing: a node in
//   enroll, manageable, active…, whether matched by its MACs or its BMC address, and with
//   discovery on or off (a known machine is never turned into a second node).
import { CallbackRefused } from '../../errors.js';
import type { InspectionCallbackResult } from '../conductor-api.js';
import { STATE } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import { discoverNode } from '../discovery/discover.js';
import type { InspectionCallback } from './inventory.js';
import { matchNode } from './match.js';
import type { RateCap } from '../../rate-cap.js';
import { storeInventory } from './store-inventory.js';
import { failInspectionFromRamdisk } from './ramdisk-error.js';

export type CallbackResult = InspectionCallbackResult;

export interface CallbackCaps {
  /** discovery.max_new_nodes_per_minute */
  newNodes: RateCap;
  /** inspection.max_callbacks_per_node_per_minute, keyed by node UUID */
  perNode: RateCap;
}

export async function continueInspection(c: ConductorContext, cb: InspectionCallback, caps: CallbackCaps): Promise<CallbackResult> {
  const match = await matchNode(c, cb);
  if (!match) {
    if (!c.config.discovery.enabled)
      throw new CallbackRefused("no node matches the machine's MACs or BMC address, and discovery is disabled (discovery.enabled)");
    const node = await discoverNode(c, cb, caps.newNodes);
    return { uuid: node.uuid, next: 'poweroff', how: 'created' };
  }
  const { node, by } = match;
  if (node.provision_state !== STATE.INSPECT_WAIT) {
    throw new CallbackRefused(
      `the machine matches node ${node.uuid} (by ${by}), which is in provision state "${node.provision_state}"; inspection data is accepted only in "${STATE.INSPECT_WAIT}", so nothing was changed`,
    );
  }
  caps.perNode.take(node.uuid);
  // Stored now; the heartbeat's continuation reads the newest inventory (finish.ts).
  await storeInventory(c, node.id, cb.inventory, { ...cb.plugin_data, pci_devices: cb.inventory.pci_devices });
  if (cb.ramdisk_error) {
    await failInspectionFromRamdisk(c, node, cb.ramdisk_error);
    return { uuid: node.uuid, next: 'poweroff', how: by };
  }
  return { uuid: node.uuid, next: 'heartbeat', how: by };
}
