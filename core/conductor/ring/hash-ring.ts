// The consistent hash ring that gives every node one conductor. Nodes are served only by
// conductors of their conductor group that support their hardware type, so there is one ring per
// (group, hardware type). Each conductor takes `partitionsPerMember` points on it; a node belongs
// to the first point at or after the hash of its UUID. Adding or removing one of N conductors
// therefore moves only about 1/N of the nodes, and since the ring depends only on the member list
// (never on the order it was read in), every process that sees the same live conductors computes
// the same owner for every node.
import { createHash } from 'node:crypto';

export interface RingMember {
  hostname: string;
  conductor_group: string;
  hardware_types: string[];
}

export interface RingKey {
  uuid: string;
  driver: string;
  conductor_group: string;
}

interface Ring {
  points: Uint32Array;
  owners: string[];
}

/** 32 bits of MD5: well spread, and stable across processes and versions (unlike a seeded hash). */
function hash32(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}

export class HashRing {
  readonly members: readonly RingMember[];
  private readonly rings = new Map<string, Ring | null>();

  constructor(
    members: RingMember[],
    readonly partitionsPerMember = 32,
  ) {
    this.members = [...members].sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  }

  /** The hostname of the node's conductor, or null when no live conductor serves its group and type. */
  owner(node: RingKey): string | null {
    const ring = this.ringFor(node.conductor_group ?? '', node.driver);
    if (!ring) return null;
    const at = hash32(node.uuid);
    // The first point at or after the node's hash, wrapping round to the first point.
    let lo = 0;
    let hi = ring.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ring.points[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return ring.owners[lo === ring.points.length ? 0 : lo]!;
  }

  /** Hostnames that serve a group and hardware type (for messages and diagnostics). */
  candidates(conductorGroup: string, driver: string): string[] {
    return this.members.filter((m) => m.conductor_group === conductorGroup && m.hardware_types.includes(driver)).map((m) => m.hostname);
  }

  private ringFor(group: string, driver: string): Ring | null {
    const key = `${group}\u0000${driver}`;
    let ring = this.rings.get(key);
    if (ring === undefined) {
      ring = build(this.candidates(group, driver), this.partitionsPerMember);
      this.rings.set(key, ring);
    }
    return ring;
  }
}

function build(hosts: string[], partitions: number): Ring | null {
  if (hosts.length === 0) return null;
  const entries: { point: number; host: string }[] = [];
  for (const host of hosts) {
    for (let i = 0; i < partitions; i++) entries.push({ point: hash32(`${host}/${i}`), host });
  }
  // Ties (two points on one hash) are broken by hostname, so the order never depends on input order.
  entries.sort((a, b) => a.point - b.point || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return { points: Uint32Array.from(entries, (e) => e.point), owners: entries.map((e) => e.host) };
}
