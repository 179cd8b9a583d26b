// Exponential backoff, capped and jittered (so a rack of machines booting together does not
// hit the core in lockstep), and a retry loop that logs every retry on the console.
import { errorText, log } from './log.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Fraction of the delay randomised either way: 0.25 → ±25 %. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.25 };

/** Delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const base = Math.min(opts.maxMs, opts.initialMs * (opts.factor ?? 2) ** attempt);
  const jitter = opts.jitter ?? 0.25;
  const jittered = base * (1 - jitter + 2 * jitter * random());
  return Math.round(Math.min(opts.maxMs, jittered));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `fn` until it succeeds; the ramdisk has nothing better to do than to keep trying. */
export async function retryForever<T>(what: string, fn: () => Promise<T>, opts: BackoffOptions = DEFAULT_BACKOFF): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = backoffDelay(attempt, opts);
      log.warn(`${what} failed (attempt ${attempt + 1}): ${errorText(err)}; retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay);
    }
  }
}
