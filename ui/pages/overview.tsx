// The fleet at a glance: counts (each a link to the node list filtered so), what needs attention,
// machines discovered but not enrolled, and deploys in progress. It refetches the summary (once
// per burst) whenever the stream reports a change.
import type { FleetSummary, NodeRow } from '../../protocol/web-ui.js';
import { api, queryString } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { NodeLink } from '../components/node-link.js';
import { ProgressBar } from '../components/progress-bar.js';
import { useAsync } from '../components/use-async.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNodeChanges } from '../live.js';

/** Longer than the API shares one summary (2 s), so the refetch cannot get one from before the change. */
const REFETCH_AFTER_MS = 2500;
/** How the summary counts nodes without a power state; the search has no filter for it. */
const UNKNOWN_POWER = 'None';

const nodesLink = (filter: Record<string, string>) => `#/nodes${queryString(filter)}`;

/** `href` gives each count's filtered node list; faults have no list filter, so they show plain. */
function CountList({
  title,
  counts,
  href,
}: {
  title: string;
  counts: Record<string, number>;
  href: ((key: string) => string | null) | null;
}) {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section class="panel count-list" aria-labelledby={`counts-${title}`}>
      <h2 id={`counts-${title}`}>{title}</h2>
      {entries.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <ul>
          {entries.map(([key, n]) => (
            <li key={key}>
              {href?.(key) ? <a href={href(key)!}>{key}</a> : <span>{key}</span>}
              <span class="count">{n}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const REASON_TEXT = { last_error: 'last error', failed_state: 'failed state', maintenance: 'maintenance', power_sync: 'power sync' };

function Attention({ summary }: { summary: FleetSummary }) {
  return (
    <section class="panel" aria-labelledby="attention-title">
      <h2 id="attention-title">
        Needs attention <span class="count">{summary.attention_total}</span>
      </h2>
      {summary.attention.length === 0 ? (
        <p class="muted">Nothing needs attention.</p>
      ) : (
        <table data-testid="attention">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
              <th scope="col">Reasons</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {summary.attention.map(({ node, reasons }) => (
              <tr key={node.uuid}>
                <td>
                  <NodeLink node={node} />
                </td>
                <td>{node.provision_state}</td>
                <td>{reasons.map((r) => REASON_TEXT[r]).join(', ')}</td>
                <td class={node.last_error || node.maintenance_reason ? 'attention-error' : undefined}>
                  {node.last_error ?? node.maintenance_reason ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NodeTable({
  id,
  title,
  total,
  nodes,
  extra,
}: {
  id: string;
  title: string;
  total: number;
  nodes: NodeRow[];
  extra?: (n: NodeRow) => preact.ComponentChild;
}) {
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} <span class="count">{total}</span>
      </h2>
      {nodes.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="node-items" data-testid={id}>
          {nodes.map((n) => (
            <li key={n.uuid}>
              <NodeLink node={n} /> <span class="muted">{n.provision_state}</span>
              {extra?.(n)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeployProgressCell({ node }: { node: NodeRow }) {
  const p = node.deploy_progress;
  if (!p) return <ProgressBar value={0} max={null} label={`Deploy of ${node.name ?? node.uuid}`} />;
  const mb = (p.bytes_written / 1e6).toFixed(0);
  return (
    <span class="deploy-progress">
      <ProgressBar value={p.bytes_written} max={p.total_bytes} label={`Deploy of ${node.name ?? node.uuid}`} />
      <span class="muted">
        {mb} MB{p.mb_per_s !== null ? ` at ${p.mb_per_s.toFixed(1)} MB/s` : ''}
      </span>
    </span>
  );
}

export function OverviewPage() {
  const summary = useAsync(() => api<FleetSummary>('GET', '/ui/api/summary'), []);
  const refetch = useDebounced(() => summary.reload(), REFETCH_AFTER_MS);
  useNodeChanges(refetch);
  const s = summary.value;
  return (
    <div class="overview">
      <h1>Overview</h1>
      <ErrorBanner error={summary.error} />
      {!s ? (
        summary.loading && <p class="loading">Loading…</p>
      ) : (
        <>
          <p data-testid="total">
            <a href="#/nodes">{s.total} nodes</a>
          </p>
          <div class="count-grid">
            <CountList title="Provision state" counts={s.by_provision_state} href={(k) => nodesLink({ provision_state: k })} />
            <CountList
              title="Power state"
              counts={s.by_power_state}
              href={(k) => (k === UNKNOWN_POWER ? null : nodesLink({ power_state: k }))}
            />
            <CountList title="Maintenance" counts={{ 'in maintenance': s.maintenance }} href={() => nodesLink({ maintenance: 'true' })} />
            <CountList title="Faults" counts={s.by_fault} href={null} />
          </div>
          <Attention summary={s} />
          <NodeTable id="discovered" title="Discovered, not enrolled" total={s.discovered_total} nodes={s.discovered} />
          <NodeTable
            id="deploys"
            title="Deploys in progress"
            total={s.deploys_total}
            nodes={s.deploys}
            extra={(n) => <DeployProgressCell node={n} />}
          />
        </>
      )}
    </div>
  );
}
