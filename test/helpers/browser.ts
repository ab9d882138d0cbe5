import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
 * `toast(want)` waits for the console's toast to read exactly `want` (a string) or to match it (a RegExp).
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
  return { page: () => page!, toast };
}
