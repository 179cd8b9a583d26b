// Node data between resource-tracker passes. Nova asks for every node's resources once per
// periodic pass; the shim answers those from a snapshot that is refreshed when older than the
// TTL, paging through the core API (never one request for all nodes). Operations on one
// instance (spawn, power, destroy) read the node fresh and only refresh its cache entry.
import type { TyrClient } from '../client/client.js';
import type { ApiNode } from '../client/types.js';

/** What the resource tracker and the instance listing read, as Nova's ironic driver asks for. */
export const NODE_FIELDS = [
  'uuid',
  'name',
  'power_state',
  'target_power_state',
  'provision_state',
  'target_provision_state',
  'last_error',
  'maintenance',
  'properties',
  'instance_uuid',
  'instance_info',
  'traits',
  'resource_class',
];

export interface NodeCacheOptions {
  ttlMs: number;
  pageSize: number;
}

export class NodeCache {
  private nodes = new Map<string, ApiNode>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly client: TyrClient,
    private readonly opts: NodeCacheOptions,
  ) {}

  /** Every node, from a snapshot no older than the TTL (or reloaded now with `refresh`). */
  async all(refresh = false): Promise<ApiNode[]> {
    if (refresh || Date.now() - this.loadedAt > this.opts.ttlMs) await this.reload();
    return [...this.nodes.values()];
  }

  /** One node by UUID: from the snapshot while it is fresh, else from the core. */
  async get(uuid: string): Promise<ApiNode> {
    const cached = this.nodes.get(uuid);
    if (cached && Date.now() - this.loadedAt <= this.opts.ttlMs) return cached;
    return this.fetch(uuid);
  }

  /** One node read from the core now; the snapshot keeps the newer copy. */
  async fetch(ident: string): Promise<ApiNode> {
    const node = await this.client.nodes.get(ident, NODE_FIELDS);
    if (this.nodes.has(node.uuid)) this.nodes.set(node.uuid, node);
    return node;
  }

  /** The node that holds an instance, read from the core now; undefined when none does. */
  async byInstance(instanceUuid: string): Promise<ApiNode | undefined> {
    const page = await this.client.nodes.listPage({ instance_uuid: instanceUuid, fields: NODE_FIELDS, limit: 1 });
    const node = page.items[0];
    if (node && this.nodes.has(node.uuid)) this.nodes.set(node.uuid, node);
    return node;
  }

  /** A changed node is read fresh next time, without throwing away the rest of the snapshot. */
  forget(uuid: string): void {
    this.nodes.delete(uuid);
  }

  private reload(): Promise<void> {
    // Concurrent callers share one reload rather than each paging through the fleet.
    this.loading ??= (async () => {
      const fresh = new Map<string, ApiNode>();
      for await (const n of this.client.nodes.list({ fields: NODE_FIELDS, limit: this.opts.pageSize })) fresh.set(n.uuid, n);
      this.nodes = fresh;
      this.loadedAt = Date.now();
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }
}
