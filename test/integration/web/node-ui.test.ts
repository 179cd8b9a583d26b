// The web console's per-node side in real Chromium against a real in-process Tyr (http_basic,
// an admin and a reader): enrolling a fake node from the form and taking it to active from its
// page while the state badge changes live, the node page's sections over a seeded inventory,
// the API's own message on a refused form, axe-core on the node page, and the serial console
// page in xterm.js over a real ipmi_sim SOL session (this test's TCP server plays the machine's
// serial port). One browser and one Tyr for the file.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { launchBrowser, openConsole, screenshot } from '../../helpers/browser.js';
import { seriousA11yViolations, tabTo } from '../../helpers/console-page.js';
import { serialPort, type SerialPort } from '../../helpers/console.js';
import { inventory } from '../../helpers/inventory-fixture.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { sleep, until } from '../../helpers/until.js';
import { httpBasicSettings } from '../../helpers/http-basic-users.js';

const ADMIN = { user: 'admin', password: 'adm1n-pw' };
const READER = { user: 'viewer', password: 'v1ew-pw' };
const HEADERS = { Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` };
const L = { version: 'latest', headers: HEADERS };
/** Long enough for each in-between state (verifying, cleaning, deploying) to be seen in the page. */
const FAKE_DELAY_MS = 1500;
const UI_WAIT = { timeout: 30_000 };

describe('web console: node page, forms and serial console', function () {
  this.timeout(180_000);
  let dir: string;
  let api: ApiHarness;
  let browser: Browser;
  let serial: SerialPort;
  let bmc: Bmc;
  const contexts: BrowserContext[] = [];

  async function open(login: { user: string; password: string }, hash: string): Promise<Page> {
    const { context, page } = await openConsole(browser, api.url, login);
    contexts.push(context);
    // The shell listens for hash changes once it has rendered (the top bar shows who is logged in).
    await page.getByTestId('who').waitFor(UI_WAIT);
    await page.goto(`${api.url}/ui/#${hash}`);
    return page;
  }

  async function createNode(body: Record<string, unknown>): Promise<string> {
    const r = await api.call('POST', '/v1/nodes', body, L);
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.uuid as string;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-node-ui-'));
    serial = await serialPort();
    bmc = await startBmc({ sol: `tcp:127.0.0.1:${serial.port}` });
    const consolePort = await freeTcpPort();
    [api, browser] = await Promise.all([
      startApi({
        ...QUICK_IPMI,
        conductor: { ...QUICK_IPMI.conductor, fake_action_delay_ms: FAKE_DELAY_MS },
        console: { port_range: `${consolePort}:${consolePort}` },
        api: httpBasicSettings(dir, { admin: ADMIN, reader: READER }),
      }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.stop();
    await bmc?.stop();
    await serial?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls a fake-hardware node from the form, then manages, provides and deploys it, the badge changing live', async () => {
    const page = await open(ADMIN, '/enroll');
    await page.getByLabel('Driver', { exact: true }).selectOption('fake-hardware');
    // The driver's fields and their help come from GET /v1/drivers/fake-hardware/properties.
    await page.getByLabel('fake_disk_failure').waitFor(UI_WAIT);
    await page.getByLabel('Name', { exact: true }).fill('web1');
    await page.getByLabel('Resource class').fill('baremetal.web');
    await page.getByLabel('Port MAC addresses').fill('52:54:00:aa:bb:01');
    await screenshot(page, 'enroll-form');
    await page.getByRole('button', { name: 'Enroll' }).click();

    await page.getByRole('heading', { name: 'Node web1' }).waitFor(UI_WAIT);
    expect(page.url()).to.match(/#\/nodes\/[0-9a-f-]{36}$/);
    await page.getByTestId('node-ports').getByText('52:54:00:aa:bb:01').waitFor(UI_WAIT);
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const badge = page.getByTestId('state-badge');
    await badge.getByText('enroll').waitFor(UI_WAIT);

    // The verbs offered are the state table's for enroll: manage only.
    const verbs = await page.locator('[data-verb]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-verb')));
    expect(verbs).to.deep.equal(['manage']);

    // Verifying is instant on the fake driver (no delay), so the next state seen is manageable.
    await page.locator('[data-verb="manage"]').click();
    await badge.filter({ hasText: /^manageable$/ }).waitFor(UI_WAIT);
    // With the keyboard alone.
    expect(await tabTo(page, '[data-verb="provide"]')).to.equal(true);
    await page.keyboard.press('Enter');
    await badge.filter({ hasText: 'cleaning' }).waitFor(UI_WAIT);
    await badge.filter({ hasText: /^available$/ }).waitFor(UI_WAIT);

    await page.locator('[data-verb="deploy"]').click();
    const form = page.getByTestId('deploy-form');
    await form.getByLabel('User data (config drive)').fill('#cloud-config\nhostname: web1\n');
    await form.getByRole('button', { name: 'Deploy' }).click();
    await badge.filter({ hasText: 'deploying' }).waitFor(UI_WAIT);
    await badge.filter({ hasText: /^active$/ }).waitFor(UI_WAIT);

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).to.equal(true);
    const node = await api.call('GET', '/v1/nodes/web1', undefined, L);
    expect(node.body).to.deep.include({ provision_state: 'active', resource_class: 'baremetal.web' });
    // The timeline shows the transitions the node went through.
    await page.getByTestId('node-history').getByText('deploying -> active (done)').waitFor(UI_WAIT);
  });

  it('renders a seeded inventory, ports with their switch, BIOS, firmware, burn-in and history; axe-core finds nothing serious in either theme', async () => {
    const uuid = await createNode({ driver: 'fake-hardware', name: 'seeded' });
    const { store } = api.server;
    const id = (await store.nodes.getByIdent(uuid)).id;
    const inv = inventory({
      mac: '52:54:00:12:34:56',
      second: { mac: '52:54:00:12:34:57', carrier: false },
      boot: { current_boot_mode: 'uefi', secure_boot: true },
      pci: [
        { vendor_id: '8086', product_id: '1237' },
        { vendor_id: '1af4', product_id: '1000' },
      ],
    });
    // The agent resolves vendor names it knows (agent/inventory/pci.ts); unknown ones stay ids.
    inv.pci_devices[0] = { ...inv.pci_devices[0], bus: '0000:00:00.0', vendor_name: 'Intel Corporation', device_name: '440FX' };
    inv.pci_devices[1] = { ...inv.pci_devices[1], bus: '0000:00:03.0', vendor_name: null };
    await store.inventory.add(id, inv, {}, 2);
    const port = await api.call(
      'POST',
      '/v1/ports',
      {
        node_uuid: uuid,
        address: '52:54:00:12:34:56',
        local_link_connection: { switch_id: '00:1c:73:00:00:01', port_id: 'Ethernet7', switch_info: 'leaf-3' },
      },
      L,
    );
    expect(port.status, JSON.stringify(port.body)).to.equal(201);
    await store.history.add({
      node_id: id,
      event_type: 'cleaning',
      event: 'clean step burnin_cpu done in 2.5 s: {"tool":"stress-ng","cpus":2,"duration":2,"metrics":{"bogo_ops_per_s":1234.5}}',
    });

    const page = await open(ADMIN, `/nodes/${uuid}`);
    const inventorySection = page.getByTestId('node-inventory');
    await inventorySection.getByText('/dev/vda').waitFor(UI_WAIT);
    const text = await inventorySection.innerText();
    expect(text).to.include('10 GiB').and.include('1 GiB').and.include('yes (HDD)');
    expect(text).to.include('2 × QEMU Virtual CPU').and.include('2 GiB');
    expect(text).to.include('52:54:00:12:34:57').and.include('down');
    expect(text).to.include('leaf-3 / 00:1c:73:00:00:01 / Ethernet7');
    expect(text).to.include('Intel Corporation').and.include('1af4');
    expect(text)
      .to.match(/Boot mode\s+uefi/)
      .and.match(/Secure Boot\s+on/);

    const ports = await page.getByTestId('node-ports').innerText();
    expect(ports).to.include('52:54:00:12:34:56').and.include('switch_info=leaf-3');
    expect(await page.getByTestId('node-bios').innerText()).to.include('None read yet');
    expect(await page.getByTestId('node-firmware').innerText()).to.include('No firmware recorded yet');
    const burnin = await page.getByTestId('node-burnin').innerText();
    expect(burnin).to.include('burnin_cpu').and.include('metrics.bogo_ops_per_s: 1234.5').and.include('2.5 s');
    await page
      .getByTestId('node-history')
      .getByText(/clean step burnin_cpu done/)
      .waitFor(UI_WAIT);

    // last_error, prominently, as an alert.
    await api.server.store.nodes.update(id, { last_error: 'Deploy failed: the disk /dev/vda is read-only.' });
    await page.reload();
    await page.getByTestId('last-error').getByText('the disk /dev/vda is read-only').waitFor(UI_WAIT);
    expect(await page.getByTestId('last-error').getAttribute('role')).to.equal('alert');

    await screenshot(page, 'node-page');
    expect(await seriousA11yViolations(page), 'light theme').to.deep.equal([]);
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', ...UI_WAIT });
    expect(await seriousA11yViolations(page), 'dark theme').to.deep.equal([]);
  });

  it("shows the image write's progress live while the agent writes", async () => {
    const uuid = await createNode({ driver: 'fake-hardware', name: 'writing' });
    const { store } = api.server;
    const id = (await store.nodes.getByIdent(uuid)).id;
    const page = await open(ADMIN, `/nodes/${uuid}`);
    await page.getByTestId('state-badge').waitFor(UI_WAIT);
    // What the agent's heartbeats leave on the node while it writes (core/web/node-row.ts reads it).
    const progress = (written: number) => ({ deploy_progress: { bytes_written: written * 2 ** 20, total_bytes: 2 ** 30, mb_per_s: 120 } });
    await store.nodes.update(id, {
      provision_state: 'wait call-back',
      target_provision_state: 'active',
      driver_internal_info: progress(256),
    });
    const bar = page.getByTestId('deploy-progress').getByRole('progressbar');
    await page.getByTestId('deploy-progress').getByText('256 MiB of 1 GiB').waitFor(UI_WAIT);
    expect(await bar.getAttribute('aria-valuenow')).to.equal('25');
    await store.nodes.update(id, { driver_internal_info: progress(768) });
    await page.getByTestId('deploy-progress').getByText('768 MiB of 1 GiB').waitFor(UI_WAIT);
    expect(await bar.getAttribute('aria-valuenow')).to.equal('75');
    await page.getByTestId('state-badge').filter({ hasText: 'wait call-back' }).waitFor(UI_WAIT);
  });

  it("shows the API's own message when a form is refused", async () => {
    await createNode({ driver: 'fake-hardware', name: 'taken' });
    const page = await open(ADMIN, '/enroll');
    await page.getByLabel('Driver', { exact: true }).selectOption('fake-hardware');
    await page.getByLabel('Name', { exact: true }).fill('taken');
    await page.getByRole('button', { name: 'Enroll' }).click();
    const alert = page.getByTestId('enroll-form').getByRole('alert');
    await alert.waitFor(UI_WAIT);
    expect(await alert.innerText())
      .to.include('A node with name taken already exists.')
      .and.include('HTTP 409');
  });

  it('disables every action for a reader', async () => {
    const page = await open(READER, '/nodes/web1');
    await page.getByTestId('state-badge').waitFor(UI_WAIT);
    const buttons = page.locator('.node-actions button, .action-form button[type="submit"]');
    expect(await buttons.count()).to.be.greaterThan(3);
    const enabled = await buttons.evaluateAll((bs) => bs.filter((b) => !b.matches(':disabled')).map((b) => b.textContent));
    expect(enabled).to.deep.equal([]);
  });

  describe('serial console page on ipmi_sim SOL', () => {
    let adminPage: Page;

    before(async () => {
      await createNode({ driver: 'ipmi', name: 'sol1', console_interface: 'ipmitool-socat', driver_info: bmc.driverInfo() });
    });

    it('enables the console, shows the SOL output and sends what is typed to the serial port; axe-core finds nothing serious', async () => {
      adminPage = await open(ADMIN, '/nodes/sol1/console');
      await adminPage.getByRole('button', { name: 'Enable the console' }).click();
      const status = adminPage.getByTestId('console-status');
      await status.filter({ hasText: 'you are the writer' }).waitFor(UI_WAIT);
      const terminal = adminPage.getByTestId('terminal');
      // Bytes the machine writes to its serial port (its login banner) appear in xterm.
      await terminal.getByText('test-machine login:').first().waitFor(UI_WAIT);

      await terminal.click();
      // ipmi_sim may drop a new SOL session's first packet (see test/integration/console/ipmi-sol.test.ts): an Enter first.
      await adminPage.keyboard.press('Enter');
      await sleep(1000);
      await adminPage.keyboard.type('root');
      await adminPage.keyboard.press('Enter');
      await until('the typed line on the serial port', 20_000, () => serial.received.includes('root'));
      await terminal.getByText('echo:root').first().waitFor(UI_WAIT);
      await screenshot(adminPage, 'console-page');
      expect(await seriousA11yViolations(adminPage)).to.deep.equal([]);
    });

    it('gives a reader a read-only console whose keys never reach the serial port', async () => {
      const page = await open(READER, '/nodes/sol1/console');
      await page.getByTestId('console-status').filter({ hasText: 'read-only' }).waitFor(UI_WAIT);
      const terminal = page.getByTestId('terminal');
      await terminal.getByText('test-machine login:').first().waitFor(UI_WAIT);
      await terminal.click();
      await page.keyboard.type('reader-typed');
      await page.keyboard.press('Enter');
      // One SOL stream, in order: once the writer's next line is on the serial line, the reader's would be too.
      await adminPage.getByTestId('terminal').click();
      await adminPage.keyboard.type('after-reader');
      await adminPage.keyboard.press('Enter');
      await until("the writer's next line on the serial port", 20_000, () => serial.received.includes('after-reader'));
      expect(serial.received).to.not.include('reader-typed');
    });
  });
});
