// Which MACs get a host file, and with which tags: the ports Tyr knows (tag tyr-known), and the
// machines Tyr's TFTP server has just handed an iPXE binary to (tag tyr-chained) until they fetch
// their boot script. Pure state; the supervisor writes it out.
//
// A MAC that once had a host file keeps one (tagged tyr-seen when it is neither known nor chained)
// for as long as this dnsmasq runs: dnsmasq is never sent SIGHUP (see supervisor.ts), so a deleted
// file's record, and its tags, would stay in dnsmasq; a rewritten file replaces them.
import { loaderKind } from '../loaders.js';
import { CHAINED_TAG, KNOWN_TAG, SECURE_BOOT_TAG, SEEN_TAG } from './config-gen.js';

/** True for a file name that is one of the iPXE binaries (its next DHCP must get the script URL). */
export function isIpxeBinary(file: string): boolean {
  return loaderKind(file)?.startsWith('ipxe') ?? false;
}

export class HostTable {
  private known = new Set<string>();
  private secureBoot = new Set<string>();
  private chained = new Set<string>();
  private written = new Set<string>();

  /** Replaces the known MACs, and those of them whose node boots with Secure Boot; returns whether anything changed. */
  setKnown(macs: Iterable<string>, secureBootMacs: Iterable<string> = []): boolean {
    const lower = (list: Iterable<string>) => new Set([...list].map((m) => m.toLowerCase()));
    const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((m) => b.has(m));
    const known = lower(macs);
    const secure = lower(secureBootMacs);
    const changed = !same(known, this.known) || !same(secure, this.secureBoot);
    this.known = known;
    this.secureBoot = secure;
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
      const tags = [
        ...(this.known.has(mac) ? [KNOWN_TAG] : []),
        ...(this.secureBoot.has(mac) ? [SECURE_BOOT_TAG] : []),
        ...(this.chained.has(mac) ? [CHAINED_TAG] : []),
      ];
      out.set(mac, tags.length ? tags : [SEEN_TAG]);
      this.written.add(mac);
    }
    return out;
  }
}
