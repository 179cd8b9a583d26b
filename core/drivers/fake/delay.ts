// The artificial delay of fake interfaces (conductor.fake_action_delay_ms): lets tests and
// benchmarks catch a node mid-operation. Aborts with the operation's signal.
import type { NodeContext } from '../interfaces/task.js';

/** Why the operation stopped: the signal's reason (Tyr always aborts with an Error), or a plain one. */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

export function fakeDelay(ctx: NodeContext): Promise<void> {
  const ms = ctx.config.conductor.fake_action_delay_ms;
  if (ms <= 0) return Promise.resolve();
  if (ctx.signal?.aborted) return Promise.reject(abortReason(ctx.signal));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(ctx.signal));
    };
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const NO_PROPERTIES = Object.freeze({}) as Record<string, { description: string; required: boolean }>;
