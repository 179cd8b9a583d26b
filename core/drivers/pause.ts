// Waiting between two reads of a BMC (power state, a task, settings read back) without outliving a cancelled operation.

/** Resolves after `ms`, or at once when the operation is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
