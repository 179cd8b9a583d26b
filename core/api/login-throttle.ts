// Failed logins per source, over a sliding minute. A source that used up its failures is refused
// (429 with Retry-After) before any bcrypt runs, so password guessing is slow and cannot spend
// the API's CPU. IPv6 sources count per /64, which is what one host usually gets.
import net from 'node:net';

const WINDOW_MS = 60_000;
/** Sources remembered at once; beyond it the ones idle longest are forgotten first. */
const MAX_SOURCES = 10_000;

/** The key failures are counted under: the IPv4 address, or the IPv6 /64 prefix. */
export function sourceKey(address: string | undefined): string {
  const a = (address ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (net.isIPv6(a)) {
    const groups = expandIpv6(a);
    return `${groups
      .slice(0, 4)
      .map((g) => parseInt(g || '0', 16).toString(16))
      .join(':')}::/64`;
  }
  return a;
}

function expandIpv6(a: string): string[] {
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') && tail ? tail.split(':') : [];
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the source must wait before its next login attempt, or 0 if it may try now. */
  retryAfter(source: string): number {
    const recent = this.recent(source);
    if (recent.length < this.perMinute) return 0;
    return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - this.now()) / 1000));
  }

  fail(source: string): void {
    const recent = this.recent(source);
    recent.push(this.now());
    if (recent.length > this.perMinute) recent.shift();
    this.failures.delete(source); // re-inserted last: Map order is then least recently failed first
    this.failures.set(source, recent);
    if (this.failures.size > MAX_SOURCES) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(source: string): number[] {
    const since = this.now() - WINDOW_MS;
    const list = (this.failures.get(source) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(source);
    return list;
  }
}
