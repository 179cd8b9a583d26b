// What the console's browser tests and benchmark do to a page beyond Playwright's own: log in
// through the form, run axe-core, move focus with the keyboard alone.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE = path.resolve('node_modules', 'axe-core', 'axe.min.js');

export async function logInThroughForm(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
}

/** axe-core's serious and critical violations on the page as it is now, as readable lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's Content-Security-Policy (rightly)
  // refuses an injected <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> };
    };
    return (await w.axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; false after `max` presses. */
export async function tabTo(page: Page, selector: string, opts: { backwards?: boolean; max?: number } = {}): Promise<boolean> {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
    await page.keyboard.press(opts.backwards ? 'Shift+Tab' : 'Tab');
  }
  return false;
}
