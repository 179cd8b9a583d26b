// One titled panel of the node page that loads its own data: a heading for screen-reader
// navigation, "Loading…" while it waits, and the API's message when the call failed.
import type { ComponentChildren } from 'preact';
import { ErrorBanner } from '../error-banner.js';
import type { Async } from '../use-async.js';

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel node-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** Renders `show(value)` once loaded; `empty` when the API answered 404 (nothing recorded yet). */
export function Loaded<T>({ state, show, empty }: { state: Async<T>; show: (v: T) => ComponentChildren; empty?: string }) {
  if (state.loading && state.value === undefined) return <p class="muted">Loading…</p>;
  const status = (state.error as { status?: number } | null)?.status;
  if (status === 404 && empty) return <p class="muted">{empty}</p>;
  if (state.error) return <ErrorBanner error={state.error} />;
  return <>{state.value === undefined ? null : show(state.value)}</>;
}

/** A value as text: "—" for nothing, JSON for objects. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A two-column list of facts (term, value); values that are null or empty show as "—". */
export function Facts({ rows }: { rows: [string, unknown][] }) {
  return (
    <dl class="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{shown(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
