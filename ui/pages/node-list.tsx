// The node list: server-side paging, sorting and filters (kept in the hash query, so a filtered
// view is a link), rows updated from the change stream, multi-select and bulk actions.
import { useMemo, useState } from 'preact/hooks';
import type { NodeRow, NodeSearchPage, NodeSearchQuery, StreamEvent } from '../../protocol/web-ui.js';
import { api } from '../api.js';
import { BULK_ACTIONS, type BulkAction } from '../bulk-actions.js';
import { BulkDialog } from '../components/bulk-dialog.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Options } from '../components/form-field.js';
import { NodeFilters } from '../components/node-filters.js';
import { NodeTable } from '../components/node-table.js';
import { useAsync } from '../components/use-async.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNodeChanges } from '../live.js';
import { nodeListHash, PAGE_SIZES, searchApiPath, searchFromQuery, searchToQueryString } from '../node-search.js';
import type { Route } from '../router.js';
import { useSession } from '../session.js';

const RELOAD_AFTER_MS = 1000;
const READER_TITLE = 'Your role is reader: you can look, not act.';

function Pager({ page, search, onChange }: { page: NodeSearchPage; search: NodeSearchQuery; onChange: (s: NodeSearchQuery) => void }) {
  const limit = search.limit!;
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = page.offset + page.nodes.length;
  return (
    <nav class="pager" aria-label="Pages">
      <span data-testid="range" aria-live="polite">
        {first}–{last} of {page.total}
      </span>
      <button type="button" disabled={page.offset === 0} onClick={() => onChange({ ...search, offset: Math.max(0, page.offset - limit) })}>
        Previous
      </button>
      <button type="button" disabled={last >= page.total} onClick={() => onChange({ ...search, offset: page.offset + limit })}>
        Next
      </button>
      <label for="page-size">Per page</label>
      <select id="page-size" value={limit} onChange={(e) => onChange({ ...search, limit: Number(e.currentTarget.value), offset: 0 })}>
        <Options values={PAGE_SIZES} />
      </select>
    </nav>
  );
}

function BulkBar({ count, onStart }: { count: number; onStart: (a: BulkAction) => void }) {
  const { canAct } = useSession();
  const [actionId, setActionId] = useState(BULK_ACTIONS[0]!.id);
  const action = BULK_ACTIONS.find((a) => a.id === actionId)!;
  const why = !canAct ? READER_TITLE : count === 0 ? 'Select nodes first.' : undefined;
  return (
    <div class="bulk-bar" role="group" aria-label="Bulk actions">
      <span data-testid="selected-count">{count} selected</span>
      <label for="bulk-action">Action</label>
      <select
        id="bulk-action"
        value={actionId}
        disabled={!canAct}
        title={canAct ? undefined : READER_TITLE}
        onChange={(e) => setActionId(e.currentTarget.value as BulkAction['id'])}
      >
        {BULK_ACTIONS.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        class={action.danger ? 'danger' : 'primary'}
        disabled={why !== undefined}
        title={why}
        data-testid="bulk-run"
        onClick={() => onStart(action)}
      >
        {action.label.replace('…', '')} selected…
      </button>
    </div>
  );
}

export function NodeListPage({ route }: { route: Route }) {
  const queryText = route.query.toString();
  const search = useMemo(() => searchFromQuery(route.query), [queryText]);
  const page = useAsync(() => api<NodeSearchPage>('GET', searchApiPath(search)), [queryText]);
  // Live rows: stream updates replace rows in place; a reconnect or deletion reloads the page.
  const [live, setLive] = useState<Record<string, NodeRow>>({});
  const [selected, setSelected] = useState<Map<string, NodeRow>>(new Map());
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const reload = useDebounced(() => {
    setLive({});
    page.reload();
  }, RELOAD_AFTER_MS);

  const rows = (page.value?.nodes ?? []).map((n) => live[n.uuid] ?? n);
  const onPage = useMemo(() => new Set(page.value?.nodes.map((n) => n.uuid)), [page.value]);
  useNodeChanges((e: StreamEvent) => {
    if (e.event === 'node') {
      if (onPage.has(e.data.uuid)) setLive((l) => ({ ...l, [e.data.uuid]: e.data }));
    } else reload();
  });

  const go = (s: NodeSearchQuery) => {
    setSelected(new Map());
    setLive({});
    location.hash = nodeListHash(s);
  };
  const select = (nodes: NodeRow[], on: boolean) => {
    const next = new Map(selected);
    for (const n of nodes) {
      if (on) next.set(n.uuid, n);
      else next.delete(n.uuid);
    }
    setSelected(next);
  };

  return (
    <div class="node-list">
      <h1>Nodes</h1>
      <NodeFilters search={search} onChange={go} />
      <ErrorBanner error={page.error} />
      <BulkBar count={selected.size} onStart={setBulk} />
      {page.value && <Pager page={page.value} search={search} onChange={go} />}
      {page.loading && !page.value && <p class="loading">Loading…</p>}
      {page.value && (
        <NodeTable
          nodes={rows}
          search={search}
          onSort={go}
          selected={new Map([...selected].map(([u, n]) => [u, live[u] ?? n]))}
          onSelect={select}
        />
      )}
      {page.value?.total === 0 && <p class="muted">No node matches{searchToQueryString(search) ? ' these filters' : ''}.</p>}
      {bulk && (
        <BulkDialog
          action={bulk}
          nodes={[...selected.values()].map((n) => live[n.uuid] ?? n)}
          onClose={(ran) => {
            setBulk(null);
            if (ran) {
              setLive({});
              page.reload();
            }
          }}
        />
      )}
    </div>
  );
}
