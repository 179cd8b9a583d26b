// Headless Chromium for the web console's tests: Debian's /usr/bin/chromium driven by
// playwright-core (Playwright's own browser download cannot work here), the console rebuilt from
// ui/ first, and screenshots kept under .cache/ui-screenshots/ as test artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildUi } from '../../ui/build.js';
import { requireTool } from './tools.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('.cache', 'ui-screenshots');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let built: Promise<void> | undefined;

/** Builds the console once per test run, so a test never sees a stale bundle. */
export function ensureUiBuilt(): Promise<void> {
  built ??= buildUi();
  return built;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = requireTool('chromium', [CHROMIUM]);
  await ensureUiBuilt();
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/** A fresh context (own storage) whose page logs in with these credentials, if any. */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  login?: { user: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  if (login) {
    // The log-in page keeps the credentials in sessionStorage; set them as it would.
    await page.addInitScript((c: string) => sessionStorage.setItem('tyr.credentials', c), `${login.user}:${login.password}`);
  }
  await page.goto(`${baseUrl}/ui/`);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
