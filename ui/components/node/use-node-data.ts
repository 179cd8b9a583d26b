// Everything the node page shows from /v1, kept current by the change stream: a NodeRow for this
// node updates the states at once (no round trip), then the node and its history are re-read.
import { useEffect, useState } from 'preact/hooks';
import type { DeployProgress, NodeRow, StreamEvent } from '../../../protocol/web-ui.js';
import { api } from '../../api.js';
import { useNodeChanges } from '../../live.js';
import { useAsync, type Async } from '../use-async.js';
import { nodePath } from './node-calls.js';
import type { ApiNode, ApiPort, ApiPortgroup, HistoryEntry } from './node-types.js';

/** The newest entries a page shows; older ones stay behind the API's paging. */
const HISTORY_LIMIT = 200;

export interface NodeData {
  node: Async<ApiNode>;
  /** The stream's view of the node, newer than `node` until the re-read lands. */
  live: NodeRow | null;
  progress: DeployProgress | null;
  ports: ApiPort[];
  portgroups: ApiPortgroup[];
  history: HistoryEntry[];
  reload: () => void;
}

function isThisNode(e: StreamEvent, node: ApiNode | undefined, ident: string): e is { event: 'node'; data: NodeRow } {
  return e.event === 'node' && (e.data.uuid === node?.uuid || e.data.uuid === ident || e.data.name === ident);
}

export function useNodeData(ident: string): NodeData {
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState<NodeRow | null>(null);
  const node = useAsync(() => api<ApiNode>('GET', nodePath(ident)), [ident, tick]);
  const ports = useAsync(() => api<{ ports: ApiPort[] }>('GET', `${nodePath(ident)}/ports/detail`), [ident, tick]);
  const groups = useAsync(() => api<{ portgroups: ApiPortgroup[] }>('GET', `${nodePath(ident)}/portgroups/detail`), [ident, tick]);
  const history = useAsync(
    () => api<{ history: HistoryEntry[] }>('GET', `${nodePath(ident)}/history?detail=true&limit=${HISTORY_LIMIT}`),
    [ident, tick],
  );
  useEffect(() => setLive(null), [ident]);
  useNodeChanges((e) => {
    if (e.event === 'hello') setTick((t) => t + 1);
    if (!isThisNode(e, node.value, ident)) return;
    setLive(e.data);
    setTick((t) => t + 1);
  });
  return {
    node,
    live,
    progress: live?.deploy_progress ?? null,
    ports: ports.value?.ports ?? [],
    portgroups: groups.value?.portgroups ?? [],
    history: history.value?.history ?? [],
    reload: () => setTick((t) => t + 1),
  };
}

/** The node with the stream's newer state fields laid over it. */
export function withLive(node: ApiNode, live: NodeRow | null): ApiNode {
  if (!live || live.uuid !== node.uuid || (node.updated_at && live.updated_at && live.updated_at < node.updated_at)) return node;
  const { deploy_progress: _progress, ...row } = live;
  return { ...node, ...row };
}
