// Burn-in results (CPU, memory, disk, network figures) read from the node's history.
import { DataTable } from '../data-table.js';
import { burninResults, figures } from './burnin-results.js';
import type { HistoryEntry } from './node-types.js';
import { Section } from './section.js';

export function BurninSection({ history }: { history: HistoryEntry[] }) {
  const results = burninResults(history);
  return (
    <Section id="node-burnin" title="Burn-in results">
      {results.length === 0 ? (
        <p class="muted">No burn-in has run (clean steps burnin_cpu, burnin_memory, burnin_disk, burnin_network).</p>
      ) : (
        <DataTable
          caption="Burn-in steps, newest last"
          columns={['Step', 'Finished', 'Duration', 'Figures']}
          rows={results}
          rowKey={(r) => `${r.step}-${r.at}`}
          row={(r) => (
            <>
              <td>{r.step}</td>
              <td>{new Date(r.at).toLocaleString()}</td>
              <td>{r.seconds.toFixed(1)} s</td>
              <td>
                <ul class="figures">
                  {figures(r.summary).map(([k, v]) => (
                    <li key={k}>
                      {k}: {v}
                    </li>
                  ))}
                </ul>
              </td>
            </>
          )}
        />
      )}
    </Section>
  );
}
