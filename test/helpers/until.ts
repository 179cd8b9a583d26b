// Polls until a probe yields something truthy, for tests that wait on machines and processes.
// The timeout message names what was awaited, plus whatever diagnostics the caller can offer.

export const MINUTE = 60_000;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface UntilOptions {
  intervalMs?: number;
  /** Extra text for the timeout error (console tail, logs…). */
  diagnostics?: () => string;
}

export async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: UntilOptions = {}): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) {
      const extra = opts.diagnostics ? `\n${opts.diagnostics()}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${extra}`);
    }
    await sleep(opts.intervalMs ?? 500);
  }
}
