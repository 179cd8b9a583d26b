// After a power change every driver reads the state again until it is the target: one loop, so
// the deadline and cancellation behave the same whichever protocol reads the state.
import type { PowerState } from './interfaces/power.js';
import { pause } from './pause.js';

/**
 * Calls `read` until it returns `want`, the deadline (epoch ms) passes or `signal` aborts, pausing
 * `intervalMs` (capped at the time left) between reads. Returns the last state read, so the caller
 * can word its own error when it is not `want`.
 */
export async function pollPowerState(
  read: () => Promise<PowerState>,
  want: PowerState,
  deadlineAt: number,
  intervalMs: number,
  signal?: AbortSignal,
): Promise<PowerState> {
  for (;;) {
    const last = await read();
    if (last === want) return last;
    const left = deadlineAt - Date.now();
    if (left <= 0 || signal?.aborted) return last;
    await pause(Math.min(intervalMs, left), signal);
  }
}
