// The artificial delay of fake interfaces (conductor.fake_action_delay_ms): lets tests and
// benchmarks catch a node mid-operation. Aborts with the operation's signal.
import type { NodeContext } from '../interfaces/task.js';

export function fakeDelay(ctx: NodeContext): Promise<void> {
  const ms = ctx.config.conductor.fake_action_delay_ms;
  if (ms <= 0) return Promise.resolve();
  if (ctx.signal?.aborted) return Promise.reject(ctx.signal.reason ?? new Error('aborted'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(ctx.signal?.reason ?? new Error('aborted'));
    };
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const NO_PROPERTIES = Object.freeze({}) as Record<string, { description: string; required: boolean }>;
