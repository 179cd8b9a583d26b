// Which MACs dnsmasq must know (the PXE-enabled ports) and which of them boot with Secure Boot,
// kept in memory and brought up to date from the database. A rebuild reads every PXE port and
// every node; between rebuilds a pass reads only the ports and nodes created or written since the
// newest stamp it has seen (minus a look-back for late commits and slower clocks), by keyset on
// indexed columns, plus one count of PXE ports, so a deletion by any process is noticed without a
// scan. At 10,000 nodes a quiet pass reads a handful of index entries instead of 20,000 rows.
import type { ChangeFeed, ChangeStamp } from '../../db/change-feed.js';
import type { Store } from '../../db/store.js';
import type { Node, Port } from '../../db/types.js';
import { secureBootWanted } from '../boot-mode.js';

const LOOKBACK_MS = 5_000;
const PAGE = 1000;
const STAMPS: readonly ChangeStamp[] = ['created_at', 'updated_at'];

export interface PxeHosts {
  macs: string[];
  /** Those of `macs` whose node boots with Secure Boot (shim, not iPXE). */
  secureBoot: string[];
}

/** The newest stamp read from one table's column; where the next pass starts reading. */
class StampCursor {
  private newest: string | null = null;

  reset(newest: string | null): void {
    this.newest = newest;
  }

  from(): string {
    return this.newest === null ? '' : new Date(Date.parse(this.newest) - LOOKBACK_MS).toISOString();
  }

  saw(at: string | null | undefined): void {
    if (at && (this.newest === null || at > this.newest)) this.newest = at;
  }
}

/** Every row of `feed` with `stamp` at or after the cursor's start, page by page. */
async function* changedRows<T extends { id: number; created_at: string; updated_at: string | null }>(
  feed: ChangeFeed<T>,
  stamp: ChangeStamp,
  cursor: StampCursor,
): AsyncGenerator<T> {
  const from = cursor.from();
  for (let after: { at: string; id: number } | undefined; ;) {
    const rows = await feed.since(stamp, from, after, PAGE);
    for (const row of rows) {
      cursor.saw(row[stamp]);
      yield row;
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last[stamp]!, id: last.id };
  }
}

/** Every row of a paged list, PAGE at a time. */
async function allPages<T extends { uuid: string }>(list: (marker: string | undefined) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let marker: string | undefined; ;) {
    const page = await list(marker);
    rows.push(...page);
    if (page.length < PAGE) return rows;
    marker = page[page.length - 1]!.uuid;
  }
}

export class PxeHostSync {
  /** PXE-enabled port id → its MAC and node. */
  private readonly ports = new Map<number, { mac: string; nodeId: number }>();
  private readonly secureNodes = new Set<number>();
  private readonly portCursors = new Map(STAMPS.map((s) => [s, new StampCursor()]));
  private readonly nodeCursors = new Map(STAMPS.map((s) => [s, new StampCursor()]));

  constructor(private readonly store: Store) {}

  /** Reads every PXE port and node (at start, and now and then so that any drift heals). */
  async rebuild(): Promise<PxeHosts> {
    // The stamps come first: a row written during the scan is read again by the next pass.
    for (const stamp of STAMPS) {
      this.portCursors.get(stamp)!.reset(await this.store.portChanges.latest(stamp));
      this.nodeCursors.get(stamp)!.reset(await this.store.nodeChanges.latest(stamp));
    }
    const page = { limit: PAGE, sortKey: 'id', sortDir: 'asc' } as const;
    const ports = await allPages((marker) => this.store.ports.list({ pxe_enabled: true }, { ...page, marker }));
    const nodes = await allPages((marker) => this.store.nodes.list({}, { ...page, marker }));
    this.ports.clear();
    this.secureNodes.clear();
    for (const node of nodes) this.noteNode(node);
    for (const port of ports) this.notePort(port);
    return this.hosts();
  }

  /** Reads only what was created, written or deleted since the last pass. */
  async catchUp(): Promise<PxeHosts> {
    for (const stamp of STAMPS) {
      for await (const node of changedRows(this.store.nodeChanges, stamp, this.nodeCursors.get(stamp)!)) this.noteNode(node);
      for await (const port of changedRows(this.store.portChanges, stamp, this.portCursors.get(stamp)!)) this.notePort(port);
    }
    // A deleted row leaves no stamp behind: a count that differs from ours says one went.
    if ((await this.store.portChanges.pxeCount()) !== this.ports.size) {
      const existing = await this.store.portChanges.existingPxe([...this.ports.keys()]);
      for (const id of this.ports.keys()) if (!existing.has(id)) this.ports.delete(id);
    }
    return this.hosts();
  }

  private noteNode(node: Node): void {
    if (secureBootWanted(node)) this.secureNodes.add(node.id);
    else this.secureNodes.delete(node.id);
  }

  private notePort(port: Port): void {
    if (port.pxe_enabled) this.ports.set(port.id, { mac: port.address, nodeId: port.node_id });
    else this.ports.delete(port.id);
  }

  private hosts(): PxeHosts {
    const all = [...this.ports.values()];
    return { macs: all.map((p) => p.mac), secureBoot: all.filter((p) => this.secureNodes.has(p.nodeId)).map((p) => p.mac) };
  }
}
