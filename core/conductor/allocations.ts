// The allocation process (Ironic's conductor/allocations.py): an allocation starts "allocating";
// in the background the conductor looks for a suitable node, takes its lock, checks it again and
// binds it (the allocation goes "active"), or records why none could be had ("error"). A
// backfill (API 1.58) binds a node deployed already, at once. Deleting an allocation releases its
// node, unless the node is active (or mid-operation) and not in maintenance.
import { setTimeout as sleep } from 'node:timers/promises';
import type { NewAllocation } from '../db/allocations.js';
import type { Allocation, Node } from '../db/types.js';
import { Conflict, InvalidParameterValue } from '../errors.js';
import { DEALLOCATABLE_IN_TRANSITION_STATES, INSTANCE_REMOVAL_ALLOWED_STATES, STATE } from '../states/provision-states.js';
import type { ConductorContext } from './context.js';
import type { Task } from './task-manager.js';

/** How many candidates one pass looks at: enough to get past locked or raced nodes, never the whole fleet. */
const CANDIDATES_PER_PASS = 50;

/** A reason the allocation failed, recorded as its last_error. */
class AllocationFailed extends Error {
  constructor(allocation: Allocation, reason: string) {
    super(`Failed to process allocation ${allocation.uuid}: ${reason}.`);
  }
}

/** Creates the allocation; a backfill binds its node now, otherwise the search runs in the background. */
export async function createAllocation(c: ConductorContext, values: NewAllocation): Promise<Allocation> {
  if (values.node_id !== undefined && values.node_id !== null) return backfill(c, values, values.node_id);
  // The worker is reserved before anything is written, so a full pool is a 503 with nothing created.
  const slot = c.pool.reserve();
  let allocation: Allocation;
  try {
    allocation = await c.store.allocations.create({ ...values, state: 'allocating', conductor_affinity: c.host });
  } catch (err) {
    slot.cancel();
    throw err;
  }
  slot.run(() => doAllocate(c, allocation));
  return allocation;
}

/** Picks up the allocations this conductor had not finished when it stopped (one page: a restart is rare). */
export async function resumeAllocations(c: ConductorContext): Promise<number> {
  const unfinished = await c.store.allocations.list({ state: 'allocating', conductor_affinity: c.host }, { limit: 1000 });
  for (const allocation of unfinished) await doAllocate(c, allocation);
  return unfinished.length;
}

/** Finds and binds a node; never throws: a failure is recorded on the allocation. */
export async function doAllocate(c: ConductorContext, allocation: Allocation): Promise<void> {
  try {
    const bound = await allocateNode(c, allocation);
    if (bound) c.log.info({ allocation: allocation.uuid, node: bound.node_id }, 'allocation active');
  } catch (err) {
    const reason =
      err instanceof AllocationFailed
        ? err.message
        : `Failed to process allocation ${allocation.uuid}: unexpected exception during allocation: ${(err as Error).message}`;
    c.log.info({ allocation: allocation.uuid, reason }, 'allocation failed');
    await c.store.allocations
      .fail(allocation.id, reason)
      .catch((e: unknown) => c.log.error({ err: e, allocation: allocation.uuid }, 'could not record the allocation failure'));
  }
}

async function candidates(c: ConductorContext, allocation: Allocation): Promise<Node[]> {
  const filter = {
    resource_class: allocation.resource_class ?? '',
    traits: allocation.traits,
    uuids: allocation.candidate_nodes,
    project: allocation.owner,
  };
  return c.store.nodes.allocationCandidates(filter, CANDIDATES_PER_PASS, allocation.name);
}

/** Why no node qualified: the resource class (and candidate list), or the traits on top of it. */
async function noCandidates(c: ConductorContext, allocation: Allocation): Promise<AllocationFailed> {
  const rc = allocation.resource_class;
  if (allocation.traits.length) {
    const withoutTraits = await c.store.nodes.allocationCandidates(
      {
        resource_class: rc ?? '',
        traits: [],
        uuids: allocation.candidate_nodes,
        project: allocation.owner,
      },
      1,
    );
    if (withoutTraits.length)
      return new AllocationFailed(allocation, `no suitable nodes have the requested traits ${allocation.traits.join(', ')}`);
  }
  return new AllocationFailed(
    allocation,
    allocation.candidate_nodes.length
      ? `none of the requested nodes are available and match the resource class ${rc}`
      : `no available nodes match the resource class ${rc}`,
  );
}

/**
 * Tries the candidates in turn, each under its lock taken without waiting; a locked node is
 * retried on the next pass (node_locked_retry_attempts passes in all), a node that no longer fits
 * is skipped. Returns undefined when the allocation was deleted meanwhile.
 */
async function allocateNode(c: ConductorContext, allocation: Allocation): Promise<Allocation | undefined> {
  const { node_locked_retry_attempts: attempts, node_locked_retry_interval_ms: interval } = c.config.conductor;
  for (let pass = 1; ; pass++) {
    const nodes = await candidates(c, allocation);
    if (nodes.length === 0) {
      if (pass === 1) throw await noCandidates(c, allocation);
      throw new AllocationFailed(allocation, 'all nodes were filtered out during reservation');
    }
    let locked = 0;
    for (const node of nodes) {
      const task = await c.tasks.tryExclusive(node);
      if (!task) {
        locked++;
        continue;
      }
      try {
        if (!(await stillSuitable(task, allocation))) continue;
        return await task.store.allocations.bind(allocation, task.node, c.host);
      } catch (err) {
        if (!(err instanceof Conflict)) throw err; // another allocation or instance got the node first
      } finally {
        await task.release();
      }
    }
    if (pass >= attempts) {
      throw new AllocationFailed(
        allocation,
        locked ? `could not reserve any of ${locked} suitable nodes` : 'all nodes were filtered out during reservation',
      );
    }
    if (locked) await sleep(interval);
  }
}

/** The candidate query ran before the lock was taken: check the node again under it. */
async function stillSuitable(task: Task, allocation: Allocation): Promise<boolean> {
  const n = task.node;
  if (n.maintenance || n.retired || n.instance_uuid || n.allocation_id !== null || n.provision_state !== STATE.AVAILABLE) return false;
  if (n.resource_class !== allocation.resource_class) return false;
  if (!allocation.traits.length) return true;
  const has = new Set(await task.store.traits.list(n.id));
  return allocation.traits.every((t) => has.has(t));
}

/** Binds an active node to a new allocation at once; a mismatch fails the allocation and the request. */
async function backfill(c: ConductorContext, values: NewAllocation, nodeId: number): Promise<Allocation> {
  const node = await c.store.nodes.getById(nodeId);
  const { node_id: _nodeId, ...fields } = values;
  const allocation = await c.store.allocations.create({ ...fields, state: 'allocating', backfilled: true, conductor_affinity: c.host });
  try {
    return await c.tasks.withExclusive(node.uuid, async (task) => {
      const errors = await backfillMismatches(task, allocation);
      if (errors.length) {
        throw new InvalidParameterValue(
          `Failed to process allocation ${allocation.uuid}: cannot backfill an allocation for node ${node.uuid}: ${errors.join('; ')}.`,
        );
      }
      const bound = await task.store.allocations.bind(allocation, task.node, c.host);
      if (!bound) throw new Conflict(`Allocation ${allocation.uuid} was deleted while it was being backfilled.`);
      return bound;
    });
  } catch (err) {
    await c.store.allocations.fail(allocation.id, (err as Error).message);
    throw err;
  }
}

async function backfillMismatches(task: Task, allocation: Allocation): Promise<string[]> {
  const n = task.node;
  const errors: string[] = [];
  if (n.provision_state !== STATE.ACTIVE)
    errors.push(`the node must be in the "${STATE.ACTIVE}" state, but the current state is "${n.provision_state}"`);
  if (allocation.resource_class && n.resource_class !== allocation.resource_class) {
    errors.push(`resource class ${n.resource_class} does not match the requested resource class ${allocation.resource_class}`);
  }
  if (allocation.traits.length) {
    const has = await task.store.traits.list(n.id);
    if (!allocation.traits.every((t) => has.includes(t)))
      errors.push(`traits [${has.join(', ')}] do not include the requested traits [${allocation.traits.join(', ')}]`);
  }
  if (allocation.candidate_nodes.length && !allocation.candidate_nodes.includes(n.uuid)) {
    errors.push(`candidate_nodes must be empty or contain the node, but got ${allocation.candidate_nodes.join(', ')}`);
  }
  return errors;
}

/** Deletes the allocation; with a node, under the node's lock and only where Ironic allows it. */
export async function destroyAllocation(c: ConductorContext, uuid: string): Promise<void> {
  const allocation = await c.store.allocations.getByIdent(uuid);
  if (allocation.node_id === null) {
    await c.store.allocations.destroy(allocation);
    return;
  }
  const node = await c.store.nodes.getById(allocation.node_id);
  await c.tasks.withExclusive(node.uuid, async (task) => {
    checkDeallocation(task.node, allocation);
    await task.store.allocations.destroy(allocation);
  });
}

/** Ironic's verify_node_for_deallocation: maintenance always allows it; an active or busy node does not. */
export function checkDeallocation(node: Node, allocation: Allocation): void {
  if (node.maintenance) return;
  if (node.target_provision_state && !DEALLOCATABLE_IN_TRANSITION_STATES.has(node.provision_state)) {
    throw new Conflict(
      `Cannot remove allocation ${allocation.uuid} for node ${node.uuid}, because the node is in state "${node.provision_state}" where updates are not allowed (and maintenance mode is off). Wait for the operation to finish, or set maintenance mode.`,
    );
  }
  if (node.provision_state === STATE.ACTIVE) {
    throw new Conflict(
      `Cannot remove allocation ${allocation.uuid} for node ${node.uuid}, because the node is active (and maintenance mode is off). Undeploy the node first, or set maintenance mode.`,
    );
  }
}

/** On tear-down: the node's allocation goes with its instance, unless it was backfilled. */
export async function releaseOnTearDown(task: Task): Promise<void> {
  if (task.node.allocation_id === null) return;
  const allocation = await task.store.allocations.findById(task.node.allocation_id);
  if (allocation && !allocation.backfilled) {
    await task.store.allocations.destroy(allocation);
    await task.refresh();
  }
}

/** Clearing a node's instance_uuid deletes its allocation (Ironic's update_node), where the node's state allows it. */
export async function releaseOnInstanceRemoval(task: Task): Promise<void> {
  const node = task.node;
  if (node.allocation_id === null) return;
  if (!node.maintenance && !INSTANCE_REMOVAL_ALLOWED_STATES.has(node.provision_state)) {
    throw new Conflict(
      `Node ${node.uuid} with an allocation can not have instance_uuid removed unless it is in one of allowed (${INSTANCE_REMOVAL_ALLOWED_STATES.members.join(', ')}) states or in maintenance mode.`,
    );
  }
  const allocation = await task.store.allocations.findById(node.allocation_id);
  if (allocation) await task.store.allocations.destroy(allocation);
  await task.refresh();
}
