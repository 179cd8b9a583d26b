// Hands out console TCP ports from the configured range, one per enabled console. A port that
// another program holds is skipped by the caller (bind fails) and the next one is tried.
import { ConfigError, NoFreeConsolePort } from '../errors.js';

/** Parses "<first>:<last>" (console.port_range). */
export function parsePortRange(range: string): { first: number; last: number } {
  const m = /^\s*(\d{1,5})\s*:\s*(\d{1,5})\s*$/.exec(range);
  const first = Number(m?.[1]);
  const last = Number(m?.[2]);
  if (!m || first < 1 || last > 65535 || first > last) {
    throw new ConfigError(`console.port_range must be "<first>:<last>" with 1 <= first <= last <= 65535, got "${range}"`);
  }
  return { first, last };
}

export class PortAllocator {
  readonly first: number;
  readonly last: number;
  private readonly owners = new Map<number, string>();

  constructor(readonly range: string) {
    ({ first: this.first, last: this.last } = parsePortRange(range));
  }

  /** The port `owner` holds, if any. */
  portOf(owner: string): number | undefined {
    for (const [port, o] of this.owners) if (o === owner) return port;
    return undefined;
  }

  /**
   * Reserves a port for `owner` (the same one again if it already holds one). `skip` lists ports
   * found busy outside Tyr. Throws 503 naming the setting when the range is used up.
   */
  allocate(owner: string, skip: ReadonlySet<number> = new Set()): number {
    const held = this.portOf(owner);
    if (held !== undefined && !skip.has(held)) return held;
    if (held !== undefined) this.owners.delete(held);
    for (let port = this.first; port <= this.last; port++) {
      if (!this.owners.has(port) && !skip.has(port)) {
        this.owners.set(port, owner);
        return port;
      }
    }
    const size = this.last - this.first + 1;
    throw new NoFreeConsolePort(
      `No free console port: all ${size} ports of console.port_range "${this.range}" are in use ` +
        `(${this.owners.size} by enabled consoles${skip.size ? `, ${skip.size} by other programs` : ''}). ` +
        'Disable a console you no longer need, or widen console.port_range (TYR_CONSOLE_PORT_RANGE).',
    );
  }

  release(owner: string): void {
    const port = this.portOf(owner);
    if (port !== undefined) this.owners.delete(port);
  }

  get inUse(): number {
    return this.owners.size;
  }
}
