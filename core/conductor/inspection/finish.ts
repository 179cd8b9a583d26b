// The end of an agent-driven inspection of a known node: the ramdisk heartbeats in `inspect
// wait`, the node resumes into `inspecting` and this records the newest inventory (sent with
// the first heartbeat, or by POST /v1/continue_inspection), creates the missing ports
// (inspection.add_ports), applies the rules, powers the machine off → manageable.
import { InvalidParameterValue } from '../../errors.js';
import type { ConductorContext } from '../context.js';
import type { Task } from '../task-manager.js';
import { checkCallback } from './inventory.js';
import { inspectionSummary, recordInspection } from './record.js';

async function inventoryOfThisInspection(c: ConductorContext, task: Task) {
  const latest = await c.store.inventory.latest(task.node.id);
  const started = task.node.inspection_started_at;
  if (!latest || (started && latest.created_at < started)) {
    throw new InvalidParameterValue(
      `The ramdisk of node ${task.node.uuid} sent no inventory during this inspection; check that the agent runs and retry the inspection.`,
    );
  }
  return latest;
}

export async function finishInspection(task: Task, c: ConductorContext): Promise<void> {
  const row = await inventoryOfThisInspection(c, task);
  // Heartbeat inventories were stored unchecked: check them as the public callback's are.
  // IPA's root_disk and the PCI devices are stored beside the inventory, in its plugin data.
  const { pci_devices, root_disk } = row.plugin_data;
  const { inventory, root_disk_name } = checkCallback({ inventory: row.inventory_data, pci_devices, root_disk });
  const recorded = await recordInspection(c, task.node, inventory, {
    ports: task.config.inspection.add_ports,
    storeInventory: false,
    rootDiskName: root_disk_name,
  });
  task.node = recorded.node;
  await task.ifaces.inspect.finishInspection!(task.ctx);
  await task.history(inspectionSummary(recorded));
  await task.transition('done', { changes: { power_state: 'power off', inspection_finished_at: new Date().toISOString() } });
}

/** The entry continue.ts registers for `inspect wait`. */
export const INSPECT_CONTINUATION = {
  supported: (t: Task) => !!t.ifaces.inspect.finishInspection,
  run: finishInspection,
  failure: 'Inspection failed',
  afterFailure: async (t: Task) => {
    await t.ifaces.power.setPowerState(t.ctx, 'power off', t.config.conductor.power_state_change_timeout);
  },
};
