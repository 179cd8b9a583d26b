// Burn-in results (CPU, memory, disk, network figures) read from the node's history.
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
        <table>
          <caption>Burn-in steps, newest last</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Finished</th>
              <th scope="col">Duration</th>
              <th scope="col">Figures</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={`${r.step}-${r.at}`}>
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
