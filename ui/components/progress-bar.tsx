// A progress bar screen readers announce (role=progressbar with aria-valuenow); without a total
// it is indeterminate and says what is known.
export function ProgressBar({ value, max, label }: { value: number; max: number | null; label: string }) {
  const known = max !== null && max > 0;
  const pct = known ? Math.min(100, Math.round((value / max) * 100)) : null;
  return (
    <div
      class="progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      aria-valuetext={pct === null ? `${label}: in progress` : `${pct}%`}
    >
      <div class={`progress-fill${pct === null ? ' indeterminate' : ''}`} style={{ width: pct === null ? '100%' : `${pct}%` }} />
    </div>
  );
}
