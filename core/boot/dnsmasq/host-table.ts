// Which MACs get a host file, and with which tags: the ports Tyr knows (tag tyr-known), and the
// machines Tyr's TFTP server has just handed an iPXE binary to (tag tyr-chained) until they fetch
// their boot script. Pure state; the supervisor writes it out.
//
// A MAC that once had a host file keeps one (tagged tyr-seen when it is neither known nor chained)
// for as long as this dnsmasq runs: dnsmasq is never sent SIGHUP (see supervisor.ts), so a deleted
// file's record, and its tags, would stay in dnsmasq; a rewritten file replaces them.
import { CHAINED_TAG, IPXE_BINARIES, KNOWN_TAG, SEEN_TAG } from './config-gen.js';

const BINARY_NAMES: ReadonlySet<string> = new Set(IPXE_BINARIES.map((b) => b.file));

/** True for a TFTP file name that is one of the iPXE binaries the DHCP config hands out. */
export function isIpxeBinary(file: string): boolean {
  return BINARY_NAMES.has(file.replace(/^\/+/, ''));
}

export class HostTable {
  private known = new Set<string>();
  private chained = new Set<string>();
  private written = new Set<string>();

  /** Replaces the known MACs; returns whether anything changed. */
  setKnown(macs: Iterable<string>): boolean {
    const next = new Set([...macs].map((m) => m.toLowerCase()));
    const changed = next.size !== this.known.size || [...next].some((m) => !this.known.has(m));
    this.known = next;
    return changed;
  }

  markChained(mac: string): boolean {
    const m = mac.toLowerCase();
    if (this.chained.has(m)) return false;
    this.chained.add(m);
    return true;
  }

  clearChained(mac: string): boolean {
    return this.chained.delete(mac.toLowerCase());
  }

  isChained(mac: string): boolean {
    return this.chained.has(mac.toLowerCase());
  }

  /** MAC → tags of every host file there should be now. */
  entries(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const mac of [...this.known, ...this.chained, ...this.written]) {
      const tags = [...(this.known.has(mac) ? [KNOWN_TAG] : []), ...(this.chained.has(mac) ? [CHAINED_TAG] : [])];
      out.set(mac, tags.length ? tags : [SEEN_TAG]);
      this.written.add(mac);
    }
    return out;
  }
}
