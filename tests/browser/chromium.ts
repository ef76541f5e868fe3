// Debian's Chromium for the browser tests, driven by playwright-core: never a
// downloaded browser. Without it a developer's run skips those tests with a
// message; under CI=true they run (.ci/run installs it).
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The skip message for a browser test, or false when it runs. */
export function chromiumSkip(what = 'the browser tests'): string | false {
  return !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); ${what} run under CI=true`
    : false;
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background networking). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
