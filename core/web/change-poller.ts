// Finds node changes by polling the database, so changes made by any process (conductors in
// scale-out, other API processes) reach this process's stream. Each tick reads the nodes whose
// updated_at (and, for new nodes, created_at) is at or after the newest stamp seen minus a
// look-back, by keyset pages on an indexed column. The look-back catches writes that commit
// late or come from a slightly slower clock; what was already sent at the same stamp is skipped,
// so a node is neither missed nor repeated. Nodes the stream sent are checked now and then for
// existence, so a deletion made by another process is noticed too.
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { ChangeKey, ChangeStamp } from '../db/node-changes.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';

const LOOKBACK_MS = 5_000;
const PAGE = 500;
/** How many sent UUIDs are remembered for the deletion check. */
const REMEMBERED = 10_000;
/** Every this many ticks, check that the remembered nodes still exist. */
const EXISTENCE_EVERY = 5;

export interface ChangeSink {
  changed(node: Node): void;
  deleted(uuid: string): void;
}

/** One stamp column's cursor and what was sent within its look-back window. */
class StampCursor {
  private newest: string | null = null;
  /** `${uuid} ${stamp}` → stamp, for the rows inside the window. */
  private readonly sent = new Map<string, string>();

  constructor(readonly stamp: ChangeStamp) {}

  start(newest: string | null): void {
    this.newest = newest;
  }

  /** Where the next read starts: the newest stamp seen, minus the look-back. */
  from(): string {
    if (this.newest === null) return '';
    return new Date(Date.parse(this.newest) - LOOKBACK_MS).toISOString();
  }

  /** Whether the row is new to the stream (and remembers it). */
  fresh(node: Node): boolean {
    const at = node[this.stamp];
    if (!at) return false;
    const key = `${node.uuid} ${at}`;
    if (this.sent.has(key)) return false;
    this.sent.set(key, at);
    if (this.newest === null || at > this.newest) this.newest = at;
    return true;
  }

  /** Forgets what fell out of the window. */
  prune(): void {
    const from = this.from();
    for (const [key, at] of this.sent) if (at < from) this.sent.delete(key);
  }
}

export class ChangePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private ticks = 0;
  private stopped = false;
  private readonly cursors = [new StampCursor('updated_at'), new StampCursor('created_at')];
  /** UUIDs the stream sent, oldest first (a Set keeps insertion order). */
  private readonly remembered = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly sink: ChangeSink,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Starts polling from now: rows already in the database are not sent. */
  async start(): Promise<void> {
    for (const c of this.cursors) c.start(await this.store.nodeChanges.latest(c.stamp));
    await this.tick(false);
    if (!this.stopped) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** A deletion this process made (or saw): no existence check needed for it any more. */
  forget(uuid: string): void {
    this.remembered.delete(uuid);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.tick(true)
        .catch((err: unknown) => this.log.warn({ err }, 'reading node changes for the console stream failed; retrying'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
  }

  private async tick(publish: boolean): Promise<void> {
    for (const cursor of this.cursors) await this.readChanges(cursor, publish);
    if (publish && ++this.ticks % EXISTENCE_EVERY === 0) await this.checkExistence();
  }

  private async readChanges(cursor: StampCursor, publish: boolean): Promise<void> {
    const from = cursor.from();
    let after: ChangeKey | undefined;
    for (;;) {
      const nodes = await this.store.nodeChanges.since(cursor.stamp, from, after, PAGE);
      for (const node of nodes) {
        if (!cursor.fresh(node) || !publish) continue;
        this.remember(node.uuid);
        this.sink.changed(node);
      }
      if (nodes.length < PAGE) break;
      const last = nodes[nodes.length - 1]!;
      after = { at: last[cursor.stamp]!, id: last.id };
      // SQLite reads are synchronous: after a burst of writes (a bulk action on thousands of
      // nodes) the window holds many pages, and API requests must get their turn between them.
      await yieldToIo();
    }
    cursor.prune();
  }

  private remember(uuid: string): void {
    this.remembered.delete(uuid);
    this.remembered.add(uuid);
    if (this.remembered.size > REMEMBERED) this.remembered.delete(this.remembered.values().next().value!);
  }

  private async checkExistence(): Promise<void> {
    const uuids = [...this.remembered];
    const existing = await this.store.nodeChanges.existing(uuids);
    for (const uuid of uuids) {
      if (existing.has(uuid)) continue;
      this.remembered.delete(uuid);
      this.sink.deleted(uuid);
    }
  }
}
