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

/** Prints `| measure | result | target |` rows under a title. */
export function printTable(title: string, rows: [string, string, string][]): void {
  const w = [0, 1, 2].map((i) => Math.max(['measure', 'result', 'target'][i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(['measure', 'result', 'target']));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
