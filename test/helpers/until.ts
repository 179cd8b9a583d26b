// The one way a test waits: poll a condition until it yields something truthy, never a fixed sleep
// that hopes the condition is met by then. The timeout message names what was awaited, plus
// whatever diagnostics the caller can offer.

export const MINUTE = 60_000;
/** For pacing a test's own actions (typing into a console, spacing timestamps), not for waiting. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface UntilOptions {
  /** A fixed polling interval, for probes that are costly (ipmitool, SSH into a machine). */
  intervalMs?: number;
  /** Extra text for the timeout error (console tail, logs…). */
  diagnostics?: () => string;
}

// Without a fixed interval, polling starts fast and slows down: an in-process condition is seen
// within milliseconds, and a minutes-long wait on a machine still costs only two probes a second.
const FIRST_INTERVAL_MS = 10;
const LONGEST_INTERVAL_MS = 500;

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: UntilOptions = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let interval = opts.intervalMs ?? FIRST_INTERVAL_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) {
      const extra = opts.diagnostics ? `\n${opts.diagnostics()}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${extra}`);
    }
    await sleep(interval);
    if (opts.intervalMs === undefined) interval = Math.min(interval * 2, LONGEST_INTERVAL_MS);
  }
}
