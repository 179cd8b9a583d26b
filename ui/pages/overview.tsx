// Placeholder: the fleet overview (counts, attention, discovered, deploys).
export function OverviewPage() {
  return <h1>Overview</h1>;
}
