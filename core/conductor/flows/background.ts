// Starting background work for a locked task: the pool slot is reserved first (503 when full),
// then `start` changes the node synchronously (what the API's 202 reflects), then `work` runs
// in the background. The lock is released on every path; a failure of `work` goes to `onError`.
import { HardwareError, TyrError } from '../../errors.js';
import type { Task } from '../task-manager.js';
import type { WorkerPool } from '../worker-pool.js';

export async function startInBackground(
  pool: WorkerPool,
  task: Task,
  start: () => Promise<void>,
  work: () => Promise<void>,
  onError: (message: string) => Promise<void>,
): Promise<void> {
  let slot;
  try {
    slot = pool.reserve();
    await start();
  } catch (err) {
    slot?.cancel();
    await task.release();
    throw err;
  }
  slot.run(async (signal) => {
    task.signal = signal;
    try {
      await work();
    } catch (err) {
      const message = describe(err, signal);
      task.log.error({ err }, message);
      await onError(message).catch((e: unknown) => task.log.error({ err: e }, 'could not record the failure'));
    } finally {
      await task.release().catch((e: unknown) => task.log.error({ err: e }, 'could not release the node lock'));
    }
  });
}

/** A message for last_error: ours verbatim, anything else marked as unexpected. */
export function describe(err: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return String((signal.reason as Error | undefined)?.message ?? 'operation aborted');
  if (err instanceof HardwareError || err instanceof TyrError) return err.message;
  return `Unexpected error: ${(err as Error)?.message ?? String(err)}`;
}
