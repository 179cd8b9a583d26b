// The console's fleet pages in real Chromium against a real Tyr (http_basic, an admin and a
// reader from an htpasswd file) holding 10,000 nodes: log-in, the node list's filters and search
// at that size, a bulk provide, what a reader may not do, an API error in a bulk action, axe-core
// in both themes, and the keyboard alone. One browser for the file; each scenario its own context.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { launchBrowser, openConsole, screenshot } from '../../helpers/browser.js';
import { logInThroughForm, seriousA11yViolations, tabTo } from '../../helpers/console-page.js';
import { seedFleet } from '../../helpers/seed-fleet.js';
import { MINUTE, until } from '../../helpers/until.js';
import { httpBasicSettings } from '../../helpers/http-basic-users.js';

const FLEET = 10_000;
const BULK = 20;
const ADMIN = { user: 'admin', password: 'admin-pw' };
const READER = { user: 'reader', password: 'reader-pw' };
const basic = (c: { user: string; password: string }) => ({
  Authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`,
});
const AS_ADMIN = { headers: basic(ADMIN), version: 'latest' };

describe('web console: fleet pages (Chromium, 10,000 nodes)', function () {
  this.timeout(3 * MINUTE);
  let api: ApiHarness;
  let browser: Browser;
  let dir: string;

  const db = () => api.server.store.db.kysely;
  const countNodes = async (where: (q: ReturnType<typeof baseCount>) => ReturnType<typeof baseCount>) =>
    Number((await where(baseCount()).executeTakeFirstOrThrow()).n);
  const baseCount = () =>
    db()
      .selectFrom('nodes')
      .select((eb) => eb.fn.countAll().as('n'));

  async function createNode(name: string): Promise<string> {
    const r = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name }, AS_ADMIN);
    expect(r.status, r.message).to.equal(201);
    return r.body.uuid as string;
  }

  async function openAs(who: { user: string; password: string }, hash = ''): Promise<Page> {
    const { page } = await openConsole(browser, api.url, who);
    if (hash) await page.goto(`${api.url}/ui/${hash}`);
    await page.getByTestId('who').waitFor();
    return page;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-fleet-ui-'));
    api = await startApi({ api: httpBasicSettings(dir, { admin: ADMIN, reader: READER }) });
    const template = await createNode('template');
    [browser] = await Promise.all([launchBrowser(), seedFleet(api.server, FLEET, template)]);
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs in through the form as admin and as reader; a wrong password shows the API message', async () => {
    const { page, context } = await openConsole(browser, api.url);
    await page.getByLabel('User').waitFor();
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    await screenshot(page, 'fleet-login');
    await logInThroughForm(page, ADMIN.user, 'wrong');
    await page.getByRole('alert').filter({ hasText: 'HTTP 401' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tyr.credentials'))).to.equal(null);
    await logInThroughForm(page, ADMIN.user, ADMIN.password);
    await page.getByTestId('who').filter({ hasText: 'admin (admin)' }).waitFor();
    expect(await page.evaluate(() => localStorage.length === 0 || !JSON.stringify(localStorage).includes('admin-pw'))).to.equal(true);
    await page.getByRole('button', { name: 'Log out' }).click();
    await logInThroughForm(page, READER.user, READER.password);
    await page.getByTestId('who').filter({ hasText: 'reader (reader)' }).waitFor();
    await context.close();
  });

  it('shows the overview with linked counts, live, without serious axe violations in either theme', async () => {
    const page = await openAs(ADMIN);
    const available = await countNodes((q) => q.where('provision_state', '=', 'available'));
    await page
      .getByTestId('total')
      .filter({ hasText: `${FLEET + 1} nodes` })
      .waitFor();
    const link = page.getByRole('link', { name: 'available', exact: true });
    expect(await link.getAttribute('href')).to.equal('#/nodes?provision_state=available');
    await page.getByTestId('live-indicator').and(page.locator('[data-status="connected"]')).waitFor();
    for (const theme of ['light', 'dark']) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
        await page.getByRole('button', { name: /theme/ }).click();
      }
      expect(await seriousA11yViolations(page), theme).to.deep.equal([]);
      await screenshot(page, `fleet-overview-${theme}`);
    }
    // Live: a change made elsewhere reaches the counts without a reload.
    const inMaintenance = await countNodes((q) => q.where('maintenance', '=', 1));
    const maintenance = page.locator('.count-list li', { has: page.getByRole('link', { name: 'in maintenance' }) });
    await maintenance.filter({ hasText: String(inMaintenance) }).waitFor();
    const r = await api.call('PUT', '/v1/nodes/fleet-00001/maintenance', { reason: 'overview live test' }, AS_ADMIN);
    expect(r.status, r.message).to.equal(202);
    await maintenance.filter({ hasText: String(inMaintenance + 1) }).waitFor();
    await link.click();
    await page
      .getByTestId('range')
      .filter({ hasText: `of ${available}` })
      .waitFor();
    await page.context().close();
  });

  it('lists 10,000 nodes a page at a time; a filter and a text search narrow it to what the DB holds', async () => {
    const page = await openAs(ADMIN, '#/nodes');
    await page
      .getByTestId('range')
      .filter({ hasText: `1–50 of ${FLEET + 1}` })
      .waitFor();
    expect(await page.locator('[data-testid="node-table"] tbody tr').count()).to.equal(50);
    await screenshot(page, 'fleet-node-list');
    for (const theme of ['light', 'dark']) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
        await page.getByRole('button', { name: /theme/ }).click();
      }
      expect(await seriousA11yViolations(page), theme).to.deep.equal([]);
    }

    const failed = await countNodes((q) => q.where('provision_state', '=', 'deploy failed'));
    await page.getByLabel('Provision state').selectOption('deploy failed');
    await page
      .getByTestId('range')
      .filter({ hasText: `1–50 of ${failed}` })
      .waitFor();
    expect(await page.locator('[data-col="provision_state"]').allInnerTexts()).to.satisfy((s: string[]) =>
      s.every((t) => t.startsWith('deploy failed')),
    );
    expect(page.url()).to.include('provision_state=deploy+failed');

    const small = await countNodes((q) => q.where('provision_state', '=', 'deploy failed').where('name', 'like', 'fleet-001%'));
    await page.getByLabel('Search name, UUID or MAC').fill('fleet-001');
    await page.getByLabel('Search name, UUID or MAC').press('Enter');
    await page
      .getByTestId('range')
      .filter({ hasText: `1–${small} of ${small}` })
      .waitFor();
    const names = await page.locator('[data-testid="node-table"] tbody td:nth-child(2)').allInnerTexts();
    expect(names).to.have.length(small);
    expect(names.every((n) => n.startsWith('fleet-001'))).to.equal(true);

    // The filtered view is a link: a fresh page at the same URL shows the same rows.
    const again = await openAs(ADMIN, new URL(page.url()).hash);
    await again
      .getByTestId('range')
      .filter({ hasText: `1–${small} of ${small}` })
      .waitFor();
    await again.context().close();
    await page.context().close();
  });

  it(`provides ${BULK} manageable nodes in one bulk action and shows each result`, async () => {
    const uuids = await Promise.all(Array.from({ length: BULK }, (_, i) => createNode(`bulk-${String(i).padStart(2, '0')}`)));
    await Promise.all(uuids.map((u) => api.call('PUT', `/v1/nodes/${u}/states/provision`, { target: 'manage' }, AS_ADMIN)));
    const inState = (state: string) => countNodes((q) => q.where('name', 'like', 'bulk-%').where('provision_state', '=', state));
    await until('bulk nodes manageable', MINUTE, async () => (await inState('manageable')) === BULK);

    const page = await openAs(ADMIN, '#/nodes?q=bulk-&provision_state=manageable');
    await page
      .getByTestId('range')
      .filter({ hasText: `1–${BULK} of ${BULK}` })
      .waitFor();
    await page.getByLabel('Select all nodes on this page').check();
    await page
      .getByTestId('selected-count')
      .filter({ hasText: `${BULK} selected` })
      .waitFor();
    await page.getByLabel('Action', { exact: true }).selectOption('provide');
    await page.getByTestId('bulk-run').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('[data-testid="bulk-plan"] tbody tr').count()).to.equal(BULK);
    await dialog.getByText('manageable → cleaning').first().waitFor();
    await dialog.getByRole('button', { name: `Provide ${BULK} nodes` }).click();
    await dialog
      .getByTestId('bulk-status')
      .filter({ hasText: `Finished: ${BULK} succeeded, 0 failed.` })
      .waitFor();
    expect(await dialog.locator('.ok').count()).to.equal(BULK);
    await until('bulk nodes available', 2 * MINUTE, async () => (await inState('available')) === BULK);
    // The rows behind the dialog follow from the change stream, without a reload.
    const availableRows = page.locator('[data-col="provision_state"]', { hasText: /^available$/ });
    await until('rows updated live', MINUTE, async () => (await availableRows.count()) === BULK);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.context().close();
  });

  it('shows the API message when a bulk call fails (delete of a node that became active)', async () => {
    const uuid = await createNode('doomed');
    const page = await openAs(ADMIN, '#/nodes?q=doomed');
    await page.getByTestId('range').filter({ hasText: '1–1 of 1' }).waitFor();
    await page.getByLabel('Select doomed').check();
    await page.getByLabel('Action', { exact: true }).selectOption('delete');
    await page.getByTestId('bulk-run').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('deleted from Tyr').waitFor();
    // Someone deploys it meanwhile: the dialog's plan is stale, the API has the last word.
    await db().updateTable('nodes').set({ provision_state: 'active' }).where('uuid', '=', uuid).execute();
    await dialog.getByRole('button', { name: 'Delete 1 nodes' }).click();
    await dialog
      .locator('.failed')
      .filter({ hasText: `Can not delete node ${uuid} while it is in provision state "active"` })
      .waitFor();
    await dialog.getByTestId('bulk-status').filter({ hasText: '0 succeeded, 1 failed' }).waitFor();
    expect(await countNodes((q) => q.where('uuid', '=', uuid))).to.equal(1);
    await page.context().close();
  });

  it('lets a reader look but not act: controls disabled, and a forced call shows the 403 message', async () => {
    const page = await openAs(READER, '#/nodes?q=fleet-0000');
    await page.getByTestId('range').filter({ hasText: 'of 10' }).waitFor();
    await page.getByLabel('Select fleet-00001').check();
    const run = page.getByTestId('bulk-run');
    expect(await run.isDisabled()).to.equal(true);
    expect(await run.getAttribute('title')).to.include('reader');
    expect(await page.getByLabel('Action', { exact: true }).isDisabled()).to.equal(true);
    // Force it: the API, not the console, is what refuses.
    await run.evaluate((b: HTMLButtonElement) => {
      b.disabled = false;
      b.click();
    });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Power on 1 nodes' }).click();
    await dialog.locator('.failed').filter({ hasText: 'HTTP 403' }).waitFor();
    expect(await dialog.locator('.failed').innerText()).to.include('reader');
    await page.context().close();
  });

  it('works with the keyboard alone: filter, row checkbox, bulk button, dialog focus', async () => {
    const page = await openAs(ADMIN, '#/nodes');
    await page
      .getByTestId('range')
      .filter({ hasText: `of ${await countNodes((q) => q)}` })
      .waitFor();
    // The skip link comes first and moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('main');

    expect(await tabTo(page, '#filter-q'), 'Tab reaches the search field').to.equal(true);
    await page.keyboard.type('fleet-0002');
    await page.keyboard.press('Enter');
    await page.getByTestId('range').filter({ hasText: '1–10 of 10' }).waitFor();

    expect(await tabTo(page, 'input[aria-label="Select fleet-00020"]'), 'Tab reaches a row checkbox').to.equal(true);
    await page.keyboard.press('Space');
    await page.getByTestId('selected-count').filter({ hasText: '1 selected' }).waitFor();

    expect(await tabTo(page, '[data-testid="bulk-run"]', { backwards: true }), 'Shift+Tab reaches the bulk button').to.equal(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).to.equal(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).to.equal('bulk-run');
    await page.context().close();
  });
});
