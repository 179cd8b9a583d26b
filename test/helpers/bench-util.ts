// What benchmarks share: percentiles, a bounded pool of concurrent jobs, and the result table.

/** The p-th percentile of an ascending array. */
export const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs job(0..n-1) with at most `workers` in flight. */
export async function pool(n: number, workers: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

/** Runs fn(item) for every item with at most `limit` in flight. */
export function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  return pool(items.length, Math.min(limit, items.length), (i) => fn(items[i]!));
}

/** Prints `| measure | result | target |` rows under a title; rows with a fourth cell add a `pass` column. */
export function printTable(title: string, rows: ([string, string, string] | [string, string, string, string])[]): void {
  const header = rows.some((r) => r.length === 4) ? ['measure', 'result', 'target', 'pass'] : ['measure', 'result', 'target'];
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${header.map((_, i) => (r[i] ?? '').padEnd(w[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
