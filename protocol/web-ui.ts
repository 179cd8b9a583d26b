// What the web console (ui/) and the API's /ui/api/* routes (core/web/) agree on. The console
// reads everything else through the ordinary /v1 API; these routes exist for what /v1 cannot
// answer cheaply at 10,000 nodes: fleet counts, a searchable page with a total, and a stream
// of node changes.

/** GET /ui/api/session: who the browser is and what it may do. */
export interface UiSession {
  /** null under noauth. */
  user: string | null;
  role: 'admin' | 'reader';
  auth_strategy: 'noauth' | 'http_basic';
  /** The highest API microversion this Tyr serves (the console sends it on every /v1 call). */
  max_version: string;
}

/** Image-write progress, from driver_internal_info.deploy_progress while the agent writes. */
export interface DeployProgress {
  bytes_written: number;
  total_bytes: number | null;
  mb_per_s: number | null;
}

/** One node as lists, the overview and the change stream show it. */
export interface NodeRow {
  uuid: string;
  name: string | null;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  last_error: string | null;
  driver: string;
  resource_class: string | null;
  conductor_group: string;
  owner: string | null;
  instance_uuid: string | null;
  updated_at: string | null;
  provision_updated_at: string | null;
  /** Set only while the image is written (IMAGE_WRITING_STATES) and the agent reported it. */
  deploy_progress: DeployProgress | null;
}

/** Why a node is on the overview's attention list. */
export type AttentionReason = 'last_error' | 'failed_state' | 'maintenance' | 'power_sync';

export interface AttentionItem {
  node: NodeRow;
  reasons: AttentionReason[];
}

/** GET /ui/api/summary */
export interface FleetSummary {
  total: number;
  by_provision_state: Record<string, number>;
  by_power_state: Record<string, number>;
  /** Nodes in maintenance. */
  maintenance: number;
  /** fault value → count (faults set by power sync and others). */
  by_fault: Record<string, number>;
  /** At most `attention_limit` nodes, newest change first; attention_total counts them all. */
  attention: AttentionItem[];
  attention_total: number;
  /** Machines that PXE booted and were discovered (extra.auto_discovered) but are still in enroll. */
  discovered: NodeRow[];
  discovered_total: number;
  /** Nodes being deployed (deploying, wait call-back, deploy wait…), with image-write progress. */
  deploys: NodeRow[];
  deploys_total: number;
}

/** The sort keys GET /ui/api/nodes accepts. */
export const NODE_SEARCH_SORT_KEYS = [
  'name',
  'uuid',
  'provision_state',
  'power_state',
  'driver',
  'resource_class',
  'conductor_group',
  'owner',
  'updated_at',
  'provision_updated_at',
] as const;
export type NodeSearchSortKey = (typeof NODE_SEARCH_SORT_KEYS)[number];

/**
 * GET /ui/api/nodes query: every field optional; `trait` may repeat (a node must carry all);
 * `q` is a prefix of a name, a UUID or a port MAC (any case, MAC with or without colons).
 */
export interface NodeSearchQuery {
  provision_state?: string;
  power_state?: string;
  driver?: string;
  resource_class?: string;
  conductor_group?: string;
  owner?: string;
  maintenance?: boolean;
  trait?: string[];
  q?: string;
  sort?: NodeSearchSortKey;
  dir?: 'asc' | 'desc';
  /** 1..500, default 50. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** GET /ui/api/nodes */
export interface NodeSearchPage {
  nodes: NodeRow[];
  /** How many nodes match the filters (all pages). */
  total: number;
  offset: number;
  limit: number;
}

/**
 * GET /ui/api/stream: server-sent events (text/event-stream). The console reads it with fetch so
 * it can send its Authorization header. Events:
 *   event: node          data: NodeRow         (a node was created or changed)
 *   event: node-deleted  data: {"uuid": "…"}
 *   event: hello         data: {"at": "<ISO time>"} (first event; the client reloads what it shows)
 * and a ": keep-alive" comment every 15 s.
 */
export type StreamEvent =
  { event: 'node'; data: NodeRow } | { event: 'node-deleted'; data: { uuid: string } } | { event: 'hello'; data: { at: string } };

/** The console sends this header on every call, so a 401 carries no WWW-Authenticate (no browser prompt). */
export const UI_REQUEST_HEADER = 'X-Tyr-Console';

/**
 * Browsers cannot set headers on a WebSocket, so the console WebSocket carries the credentials
 * as a second subprotocol: `tyr.console, tyr.basic.<base64url("user:password")>` (as Kubernetes
 * carries bearer tokens). The server answers with `tyr.console`.
 */
export const CONSOLE_SUBPROTOCOL = 'tyr.console';
export const BASIC_SUBPROTOCOL_PREFIX = 'tyr.basic.';
