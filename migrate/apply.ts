// Writes a plan into Tyr through its repositories, in one transaction: a failure on any row rolls
// back every node and port written before it, and the error names that row.
import { MigrationRowFailed } from '../core/errors.js';
import type { Store } from '../core/db/store.js';
import { inTransaction } from '../core/db/transaction.js';
import type { Plan, PlannedNode } from './plan.js';

/** For tests: a hook run before each node is written, to inject a failure mid-transaction. */
export type BeforeNodeHook = (node: PlannedNode, index: number) => void | Promise<void>;

export async function applyPlan(store: Store, plan: Plan, beforeNode?: BeforeNodeHook): Promise<{ nodes: number; ports: number }> {
  return inTransaction(store, async (tx) => {
    let ports = 0;
    for (const [index, planned] of plan.nodes.entries()) {
      let row = `bm_nodes id=${planned.sourceId} (node ${planned.values.uuid})`;
      try {
        await beforeNode?.(planned, index);
        const node = await tx.nodes.create(planned.values);
        for (const port of planned.ports) {
          row = `bm_interfaces id=${port.sourceId ?? '(prov_mac_address)'} (MAC ${port.values.address} of node ${planned.values.uuid})`;
          await tx.ports.create({ ...port.values, node_id: node.id });
          ports += 1;
        }
      } catch (err) {
        throw new MigrationRowFailed(row, err as Error);
      }
    }
    return { nodes: plan.nodes.length, ports };
  });
}
