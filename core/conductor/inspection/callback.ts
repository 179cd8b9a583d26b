// The conductor's half of POST /v1/continue_inspection. The caller is an unauthenticated ramdisk,
// so what it may change is narrow: a node in `inspect wait` gets its inventory stored and the
// agent is told to heartbeat (the inspection then finishes from the heartbeat, finish.ts); a
// node in `enroll` gets its inventory recorded again (a discovered machine booted twice); a
// machine nobody knows becomes a new node when discovery is on. A node in any other state is
// never changed: 409.
import { Conflict, NotFound } from '../../errors.js';
import type { InspectionCallbackResult } from '../conductor-api.js';
import type { ConductorContext } from '../context.js';
import { discoverNode } from './discover.js';
import type { InspectionCallback } from './inventory.js';
import { matchNode } from './match.js';
import type { RateCap } from './rate-cap.js';
import { recordInspection } from './record.js';

export type CallbackResult = InspectionCallbackResult;

export async function continueInspection(c: ConductorContext, cb: InspectionCallback, cap: RateCap): Promise<CallbackResult> {
  const match = await matchNode(c, cb);
  if (!match) {
    if (!c.config.discovery.enabled) {
      throw new NotFound('No node matches this machine (by MAC or BMC address) and discovery is disabled (discovery.enabled); enroll the node first.');
    }
    const node = await discoverNode(c, cb, cap);
    return { uuid: node.uuid, next: 'poweroff', how: 'created' };
  }
  const { node, by } = match;
  if (node.provision_state === 'inspect wait') {
    // Stored now; the heartbeat's continuation reads the newest inventory (finish.ts).
    await c.store.inventory.add(node.id, cb.inventory, { ...cb.plugin_data, pci_devices: cb.inventory.pci_devices });
    return { uuid: node.uuid, next: 'heartbeat', how: by };
  }
  if (node.provision_state === 'enroll') {
    if (node.reservation) throw new Conflict(`Node ${node.uuid} is locked by ${node.reservation}; the inspection data was not recorded, retry later.`);
    await recordInspection(c, node, cb.inventory, { ports: 'all', portsWithoutCarrier: c.config.discovery.ports_without_carrier, pluginData: cb.plugin_data })
      .catch(async (err: unknown) => { await c.store.nodes.update(node.id, { last_error: (err as Error).message }); });
    return { uuid: node.uuid, next: 'poweroff', how: by };
  }
  throw new Conflict(`This machine belongs to node ${node.uuid} (matched by ${by}), which is in provision state "${node.provision_state}"; inspection data is accepted only in "enroll" or "inspect wait", so nothing was changed.`);
}
