// Walks nodes in id order, one bounded page at a time (never the whole table in memory), and
// runs `each` with at most `concurrency` in flight.
import type { NodeFilter } from '../../db/nodes.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';

export const BATCH_SIZE = 200;

export async function forEachNode(
  store: Store,
  filter: Omit<NodeFilter, 'id_after'>,
  concurrency: number,
  signal: AbortSignal | undefined,
  each: (node: Node) => Promise<void>,
): Promise<number> {
  let after = 0;
  let seen = 0;
  while (!signal?.aborted) {
    const batch = await store.nodes.list({ ...filter, id_after: after }, { limit: BATCH_SIZE });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    seen += batch.length;
    await mapLimit(batch, concurrency, each);
    if (batch.length < BATCH_SIZE) break;
  }
  return seen;
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
