// The node list's table: sortable headers (aria-sort), a checkbox per row and one for the page.
import type { NodeRow, NodeSearchQuery, NodeSearchSortKey } from '../../protocol/web-ui.js';
import { NodeLink } from './node-link.js';

const COLUMNS: { key: NodeSearchSortKey; label: string; cell: (n: NodeRow) => string }[] = [
  {
    key: 'provision_state',
    label: 'Provision state',
    cell: (n) => n.provision_state + (n.target_provision_state ? ` → ${n.target_provision_state}` : ''),
  },
  { key: 'power_state', label: 'Power', cell: (n) => n.power_state ?? '—' },
  { key: 'driver', label: 'Driver', cell: (n) => n.driver },
  { key: 'resource_class', label: 'Resource class', cell: (n) => n.resource_class ?? '' },
  { key: 'conductor_group', label: 'Conductor group', cell: (n) => n.conductor_group },
  { key: 'owner', label: 'Owner', cell: (n) => n.owner ?? '' },
  { key: 'updated_at', label: 'Updated', cell: (n) => (n.updated_at ? new Date(n.updated_at).toLocaleString() : '') },
];

function SortHeader({
  sortKey,
  label,
  search,
  onSort,
}: {
  sortKey: NodeSearchSortKey;
  label: string;
  search: NodeSearchQuery;
  onSort: (s: NodeSearchQuery) => void;
}) {
  const active = (search.sort ?? 'name') === sortKey;
  const dir = search.dir ?? 'asc';
  const next = active && dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort-button" onClick={() => onSort({ ...search, sort: sortKey, dir: next, offset: 0 })}>
        {label}
        <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

export function NodeTable(props: {
  nodes: NodeRow[];
  search: NodeSearchQuery;
  onSort: (s: NodeSearchQuery) => void;
  selected: ReadonlyMap<string, NodeRow>;
  onSelect: (nodes: NodeRow[], on: boolean) => void;
}) {
  const { nodes, search, onSort, selected, onSelect } = props;
  const allOnPage = nodes.length > 0 && nodes.every((n) => selected.has(n.uuid));
  return (
    <table class="node-table" data-testid="node-table">
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label="Select all nodes on this page"
              checked={allOnPage}
              onChange={(e) => onSelect(nodes, e.currentTarget.checked)}
            />
          </th>
          <SortHeader sortKey="name" label="Name" search={search} onSort={onSort} />
          {COLUMNS.map((c) => (
            <SortHeader key={c.key} sortKey={c.key} label={c.label} search={search} onSort={onSort} />
          ))}
          <th scope="col">Maintenance</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.uuid} data-uuid={n.uuid} class={selected.has(n.uuid) ? 'selected' : ''}>
            <td>
              <input
                type="checkbox"
                aria-label={`Select ${n.name ?? n.uuid}`}
                checked={selected.has(n.uuid)}
                onChange={(e) => onSelect([n], e.currentTarget.checked)}
              />
            </td>
            <td>
              <NodeLink node={n} />
            </td>
            {COLUMNS.map((c) => (
              <td key={c.key} data-col={c.key}>
                {c.cell(n)}
              </td>
            ))}
            <td data-col="maintenance" title={n.maintenance_reason ?? undefined}>
              {n.maintenance ? 'yes' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
