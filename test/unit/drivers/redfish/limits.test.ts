// The Redfish client's pacing rules: retry delays (exponential backoff, Retry-After honoured and
// capped) and the limiter's bounds per BMC and in total.
import { expect } from 'chai';
import { RequestLimiter } from '../../../../core/drivers/redfish/limiter.js';
import { isRetryableStatus, retryAfterMs, retryDelayMs } from '../../../../core/drivers/redfish/retry.js';

describe('Redfish retries and limits', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 };

  it('backs off exponentially, honours Retry-After (seconds or a date) and caps both', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n))).to.deep.equal([100, 200, 400, 800]);
    expect(retryDelayMs(policy, 10)).to.equal(5000);
    expect(retryDelayMs(policy, 1, '2')).to.equal(2000);
    expect(retryDelayMs(policy, 1, '3600')).to.equal(5000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now)).to.equal(3000);
    expect(retryAfterMs('later', now)).to.equal(null);
    expect([500, 503, 429, 404, 401, 412].map(isRetryableStatus)).to.deep.equal([true, true, true, false, false, false]);
  });

  it('keeps at most perKey requests in flight per BMC and total overall', async () => {
    const limiter = new RequestLimiter(2, 3);
    const inFlight = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    const maxPerKey = new Map<string, number>();
    const releases: (() => void)[] = [];
    const job = (key: string) =>
      limiter.run(key, async () => {
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        total++;
        maxTotal = Math.max(maxTotal, total);
        maxPerKey.set(key, Math.max(maxPerKey.get(key) ?? 0, inFlight.get(key) ?? 0));
        await new Promise<void>((r) => releases.push(r));
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
        total--;
      });
    const all = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c'].map(job);
    // Let every job reach its gate, then release one at a time until all are done.
    for (let done = 0; done < all.length; done++) {
      while (releases.length === 0) await new Promise((r) => setImmediate(r));
      releases.shift()!();
    }
    await Promise.all(all);
    expect(maxTotal).to.equal(3);
    for (const max of maxPerKey.values()) expect(max).to.be.at.most(2);
    expect(limiter.activeKeys).to.equal(0);
  });
});
