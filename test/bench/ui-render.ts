// Console rendering benchmark: `npm run bench -- ui-render`. Tyr in-process (noauth, SQLite)
// with 10,000 fake-hardware nodes (TYR_BENCH_NODES to change), the console in headless Chromium.
// It times, over several runs, from navigation to the node list's first page of rows on screen,
// and from a filter change to the filtered rows on screen. Issue #25's target: under 1 s.
import { pct, printTable } from '../helpers/bench-util.js';
import { startApi } from '../helpers/api-harness.js';
import { launchBrowser } from '../helpers/browser.js';
import { seedFleet } from '../helpers/seed-fleet.js';

const NODES = Number(process.env.TYR_BENCH_NODES ?? 10_000);
const RUNS = Number(process.env.TYR_BENCH_RUNS ?? 15);
const TARGET = '< 1000 ms';
const FILTERS = ['deploy failed', 'manageable', 'active', 'enroll', 'available'];

const ms = (sorted: number[], p: number) => `${pct(sorted, p).toFixed(0)} ms`;

export async function run(): Promise<void> {
  const api = await startApi();
  const browser = await launchBrowser();
  try {
    const template = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'template' }, { version: 'latest' });
    await seedFleet(api.server, NODES, template.body.uuid as string);
    const total = NODES + 1;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const firstPage: number[] = [];
    const filtered: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${api.url}/ui/#/nodes`);
      await page
        .getByTestId('range')
        .filter({ hasText: `of ${total}` })
        .waitFor();
      await page.locator('[data-testid="node-table"] tbody tr').nth(49).waitFor();
      firstPage.push(performance.now() - t0);

      const state = FILTERS[i % FILTERS.length]!;
      const t1 = performance.now();
      await page.getByLabel('Provision state').selectOption(state);
      await page
        .locator(`[data-testid="node-table"] tbody tr:first-child [data-col="provision_state"]`)
        .filter({ hasText: state })
        .waitFor();
      await page
        .getByTestId('range')
        .filter({ hasNotText: `of ${total}` })
        .waitFor();
      filtered.push(performance.now() - t1);
      await page.close();
    }
    const a = firstPage.sort((x, y) => x - y);
    const b = filtered.sort((x, y) => x - y);
    printTable(`Console node list, ${NODES} nodes, ${RUNS} runs (Chromium, SQLite)`, [
      ['navigation → first page rendered, p50', ms(a, 50), TARGET],
      ['navigation → first page rendered, p95', ms(a, 95), TARGET],
      ['filter change → rows rendered, p50', ms(b, 50), TARGET],
      ['filter change → rows rendered, p95', ms(b, 95), TARGET],
    ]);
  } finally {
    await browser.close();
    await api.stop();
  }
}
