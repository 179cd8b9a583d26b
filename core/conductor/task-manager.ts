// Node tasks: a node loaded fresh, its interfaces resolved, and (for exclusive tasks) its lock.
// The exclusive lock is the node's `reservation`, taken with one conditional UPDATE
// (NodeRepo.reserve); a held lock is retried a few times, briefly, then reported as NodeLocked.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { NodeInterfaces } from '../drivers/interfaces/kinds.js';
import type { NodeContext } from '../drivers/interfaces/task.js';
import type { DriverRegistry } from '../drivers/registry.js';
import { NodeLocked } from '../errors.js';
import { nodeLogger, type Logger } from '../log.js';
import { applyEvent, type TransitionOptions } from './fsm.js';
import type { ProvisionEvent } from '../states/provision-states.js';

export class Task {
  private released = false;
  signal?: AbortSignal;

  constructor(
    private readonly tm: TaskManager,
    public node: Node,
    readonly exclusive: boolean,
    readonly log: Logger,
  ) {}

  get config(): Config {
    return this.tm.config;
  }

  get store(): Store {
    return this.tm.store;
  }

  get ifaces(): NodeInterfaces {
    return this.tm.registry.interfacesFor(this.node);
  }

  /** What interface methods get: always the latest copy of the node. */
  get ctx(): NodeContext {
    return { node: this.node, log: this.log, config: this.tm.config, signal: this.signal, driver: this.ifaces };
  }

  async transition(event: ProvisionEvent, opts: TransitionOptions = {}): Promise<Node> {
    const before = this.node.power_state;
    const from = this.node;
    this.node = await applyEvent(this.tm.store, this.node, event, { conductor: this.tm.host, ...this.fence(), ...opts });
    this.tm.onTransition?.(from, this.node, event);
    this.powerMayHaveChanged(before);
    return this.node;
  }

  async save(changes: Partial<Node>): Promise<Node> {
    const { store, host } = this.tm;
    const before = this.node.power_state;
    this.node = this.fence().heldBy
      ? await store.nodes.updateHeld(this.node.id, host, changes)
      : await store.nodes.update(this.node.id, changes);
    this.powerMayHaveChanged(before);
    return this.node;
  }

  // Every recorded power change passes here (API, power sync, deploy flows), as in Ironic.
  private powerMayHaveChanged(before: Node['power_state']): void {
    if (this.node.power_state !== before) this.tm.onPowerChange?.(this.node);
  }

  /** Writes of a locked task need the lock still held (it may have been taken over); shared tasks hold none. */
  private fence(): { heldBy?: string } {
    return this.exclusive && !this.released ? { heldBy: this.tm.host } : {};
  }

  /** Re-reads the node: heartbeats write driver_internal_info without the lock meanwhile. */
  async refresh(): Promise<Node> {
    this.node = await this.tm.store.nodes.getById(this.node.id);
    return this.node;
  }

  /** Merges keys into the latest driver_internal_info (re-read first, so no heartbeat field is lost). */
  async mergeInternalInfo(changes: Node['driver_internal_info'], other: Partial<Node> = {}): Promise<Node> {
    await this.refresh();
    return this.save({ ...other, driver_internal_info: { ...this.node.driver_internal_info, ...changes } });
  }

  async history(event: string, severity: 'info' | 'warning' | 'error' = 'info', eventType = 'conductor'): Promise<void> {
    await this.tm.store.history.add({ node_id: this.node.id, event, event_type: eventType, severity, conductor: this.tm.host });
  }

  /** Gives the lock back; safe to call more than once. */
  async release(): Promise<void> {
    if (this.released || !this.exclusive) return;
    this.released = true;
    await this.tm.store.nodes.release(this.node.id, this.tm.host);
  }
}

export class TaskManager {
  constructor(
    readonly store: Store,
    readonly registry: DriverRegistry,
    readonly config: Config,
    readonly host: string,
    private readonly log: Logger,
    /** Told after a node's recorded power_state changed (Nova power notifications). */
    readonly onPowerChange?: (node: Node) => void,
    /** Told after each provision-state transition this conductor applied (deploy metrics). */
    readonly onTransition?: (before: Node, after: Node, event: ProvisionEvent) => void,
  ) {}

  /** A read-only view of the node (no lock). */
  async shared(ident: string): Promise<Task> {
    const node = await this.store.nodes.getByIdent(ident);
    return new Task(this, node, false, nodeLogger(this.log, node.uuid));
  }

  /** A read-only task over a node row already in hand (periodic sweeps: no extra query). */
  view(node: Node): Task {
    return new Task(this, node, false, nodeLogger(this.log, node.uuid));
  }

  /** Takes the node's lock or throws NodeLocked after the configured retries. */
  async exclusive(ident: string): Promise<Task> {
    const { node_locked_retry_attempts: attempts, node_locked_retry_interval_ms: interval } = this.config.conductor;
    let node = await this.store.nodes.getByIdent(ident);
    for (let attempt = 1; ; attempt++) {
      if (await this.store.nodes.reserve(node.id, this.host)) {
        // Re-read: the row may have changed between the first read and the lock.
        node = await this.store.nodes.getById(node.id);
        return new Task(this, node, true, nodeLogger(this.log, node.uuid));
      }
      if (attempt >= attempts) {
        const current = await this.store.nodes.getById(node.id);
        if (current.reservation === null && attempt <= attempts) continue; // freed just now: one more try
        throw new NodeLocked(node.uuid, current.reservation ?? 'unknown');
      }
      await sleep(interval);
    }
  }

  /** One attempt at the lock, no waiting: periodic tasks skip busy nodes instead of queueing. */
  async tryExclusive(node: Node): Promise<Task | undefined> {
    if (!(await this.store.nodes.reserve(node.id, this.host))) return undefined;
    const fresh = await this.store.nodes.getById(node.id);
    return new Task(this, fresh, true, nodeLogger(this.log, fresh.uuid));
  }

  /** Runs `fn` under the node's lock and releases it on every path. */
  async withExclusive<T>(ident: string, fn: (task: Task) => Promise<T>): Promise<T> {
    const task = await this.exclusive(ident);
    try {
      return await fn(task);
    } finally {
      await task.release();
    }
  }
}
