// When a failed Redfish exchange is worth another try, and how long to wait first: exponential
// backoff from `baseDelayMs`, or the BMC's own Retry-After, both capped.

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Statuses a BMC uses for "busy, try again": every 5xx, and 429 (too many requests). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait before retry number `retry` (1 for the first retry). */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterHeader?: string): number {
  const asked = retryAfterMs(retryAfterHeader);
  const backoff = policy.baseDelayMs * 2 ** (retry - 1);
  return Math.min(asked ?? backoff, policy.maxDelayMs);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
