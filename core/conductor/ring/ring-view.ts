// A process's view of the hash ring: built from the live conductors in the database and kept for
// `hash_ring_reset_interval` seconds, so deciding who owns a node costs no query. Membership
// changes (a conductor joins, dies or leaves) reach every process within that interval; a caller
// that meets an unreachable or dead conductor calls refresh() to see the change at once.
import type { Config } from '../../config.js';
import { isAlive } from '../../db/conductors.js';
import type { Store } from '../../db/store.js';
import type { Conductor } from '../../db/types.js';
import { HashRing, type RingKey } from './hash-ring.js';

interface Snapshot {
  ring: HashRing;
  live: Conductor[];
  dead: Conductor[];
  at: number;
}

export class RingView {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly clock: () => number = Date.now,
  ) {}

  async current(): Promise<HashRing> {
    return (await this.fresh()).ring;
  }

  async refresh(): Promise<HashRing> {
    this.snapshot = undefined;
    return (await this.fresh()).ring;
  }

  async ownerOf(node: RingKey): Promise<string | null> {
    return (await this.current()).owner(node);
  }

  /** Alive per heartbeat_timeout, sorted by hostname. */
  async liveConductors(): Promise<Conductor[]> {
    return (await this.fresh()).live;
  }

  /** Registered but not alive: stopped cleanly (offline) or silent past heartbeat_timeout. */
  async deadConductors(): Promise<Conductor[]> {
    return (await this.fresh()).dead;
  }

  private async fresh(): Promise<Snapshot> {
    const maxAge = this.config.conductor.hash_ring_reset_interval * 1000;
    if (this.snapshot && this.clock() - this.snapshot.at < maxAge) return this.snapshot;
    // One load at a time: a burst of requests after expiry shares the same query.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    this.snapshot = await this.loading;
    return this.snapshot;
  }

  private async load(): Promise<Snapshot> {
    const at = this.clock();
    const all = await this.store.conductors.list();
    const timeout = this.config.conductor.heartbeat_timeout;
    const live = all.filter((c) => isAlive(c, timeout, at));
    const dead = all.filter((c) => !isAlive(c, timeout, at));
    return { ring: new HashRing(live, this.config.conductor.hash_ring_partitions), live, dead, at };
  }
}
