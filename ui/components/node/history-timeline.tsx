// The node's history as a timeline, newest first: each entry's time, severity, type and event.
import type { HistoryEntry } from './node-types.js';
import { Section } from './section.js';

export function HistoryTimeline({ entries }: { entries: HistoryEntry[] }) {
  const newestFirst = [...entries].reverse();
  return (
    <Section id="node-history" title="History">
      {newestFirst.length === 0 ? (
        <p class="muted">No history yet.</p>
      ) : (
        <ol class="timeline">
          {newestFirst.map((e) => (
            <li key={e.uuid} class={`severity-${e.severity}`}>
              <time dateTime={e.created_at}>{new Date(e.created_at).toLocaleString()}</time>
              <span class="severity">{e.severity}</span>
              {e.event_type && <span class="event-type">{e.event_type}</span>}
              <p>{e.event}</p>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
