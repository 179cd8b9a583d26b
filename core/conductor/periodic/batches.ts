// Walks nodes in id order, one bounded page at a time (never the whole table in memory), and
// runs `each` with at most `concurrency` in flight.
import type { NodeFilter } from '../../db/nodes.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { ownershipCheck, type ConductorContext } from '../context.js';

export const BATCH_SIZE = 200;

/** Builds, once per batch, the test a node must pass to be handed to `each`. */
export type BatchSelector = () => Promise<(node: Node) => boolean>;

/** Returns how many nodes were handed to `each`. */
export async function forEachNode(
  store: Store,
  filter: Omit<NodeFilter, 'id_after'>,
  concurrency: number,
  signal: AbortSignal | undefined,
  each: (node: Node) => Promise<void>,
  select?: BatchSelector,
): Promise<number> {
  let after = 0;
  let seen = 0;
  while (!signal?.aborted) {
    const page = await store.nodes.list({ ...filter, id_after: after }, { limit: BATCH_SIZE });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const keep = select ? await select() : undefined;
    const batch = keep ? page.filter(keep) : page;
    seen += batch.length;
    await mapLimit(batch, concurrency, each);
    if (page.length < BATCH_SIZE) break;
  }
  return seen;
}

/**
 * forEachNode over the nodes this conductor owns (all of them without a ring). The ring is read
 * once per batch: a membership change mid-sweep reaches the next batch, not every node.
 */
export function forEachOwnedNode(
  c: ConductorContext,
  filter: Omit<NodeFilter, 'id_after'>,
  concurrency: number,
  signal: AbortSignal | undefined,
  each: (node: Node) => Promise<void>,
): Promise<number> {
  return forEachNode(c.store, filter, concurrency, signal, each, () => ownershipCheck(c));
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
