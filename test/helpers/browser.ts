import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as the project's browser tests run it (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}
