import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/paths';

/** Debian's Chromium, headless, as the project's browser tests run it (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/** Where the console tests leave their screenshots (look at them: .artifacts/screenshots). */
export const SHOTS = join(PROJECT_ROOT, '.artifacts', 'screenshots');

/**
 * One Chromium page for a console test file (1200 × 1000), opened before its tests and closed after;
 * `toast(want)` waits for the console's toast to read exactly `want` (a string) or to match it (a RegExp);
 * `cards(title)` are the chat's cards whose header contains `title`, `card(title)` waits for the newest;
 * `fillReport(form, inspectedOn)` fills the report form with a result of nothing found;
 * `advanceClock(button)` presses a 业务时间 button and waits until the clock shows the new time.
 */
export function useConsolePage() {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const toast = async (want: string | RegExp) => {
    const p = page!;
    const shown = (text: string | null) =>
      typeof want === 'string' ? text === want : text !== null && want.test(text);
    for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
      if (shown(await p.locator('#toast').textContent())) return;
    throw new Error(`toast ${want} not shown; last: ${await p.locator('#toast').textContent()}`);
  };
  const cards = (title: string) =>
    page!.locator('.card', { has: page!.locator('.card-header', { hasText: title }) });
  const card = async (title: string) => {
    const c = cards(title).last();
    await c.waitFor({ timeout: 10_000 });
    return c;
  };
  const fillReport = async (form: Locator, inspectedOn: string) => {
    await form.locator('input[name="inspectedOn"]').fill(inspectedOn);
    await form.locator('select[name="method"]').selectOption('现场检查');
    await form.locator('select[name="result"]').selectOption('未发现问题');
    await form.locator('select[name="followUp"]').selectOption('无需后续处置');
  };
  const advanceClock = async (button: '+1 天' | '+7 天' | '到下一个事件', timeoutMs = 30_000) => {
    const clock = page!.locator('#clock-now');
    const before = await clock.textContent();
    await page!.getByRole('button', { name: button }).click();
    await page!.waitForFunction(
      `!['推进中…', ${JSON.stringify(before)}].includes(document.getElementById('clock-now').textContent)`,
      undefined,
      { timeout: timeoutMs },
    );
  };
  return { page: () => page!, toast, cards, card, fillReport, advanceClock };
}
