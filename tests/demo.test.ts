// The demo page in Debian's Chromium under the strict CSP: the 2-D toy takes a
// new point and its loss falls as it trains; the digits trainer (a Web Worker)
// lowers the loss while the page stays responsive; the optimizer race runs all
// six rules. Every canvas is drawn. Screenshots go to artifacts/demo/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { serve } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const SHOTS = fileURLToPath(new URL('../artifacts/demo/', import.meta.url));
const skip = chromiumSkip('the demo test');

/** Distinct colours on a canvas (a blank one has 1). */
function colours(page: Page, id: string): Promise<number> {
  return page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 16) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
    return seen.size;
  }, id);
}

const data = (page: Page, sel: string, key: string) => page.$eval(sel, (el, k) => (el as HTMLElement).dataset[k], key);

test('demo page: toy, digits trainer and optimizer race work under the strict CSP', { skip, timeout: 180000 }, async () => {
  assert.ok(existsSync(fileURLToPath(new URL('../dist/linclass.mjs', import.meta.url))), 'dist/ is built (npm run build)');
  mkdirSync(SHOTS, { recursive: true });
  const server = await serve();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });

    // the toy: add a point, add and remove another, then train and watch the loss fall
    assert.equal(await data(page, '#toy-canvas', 'points'), '9');
    const box = (await page.$('#toy-canvas'))!;
    await box.click({ position: { x: 240, y: 430 } });
    assert.equal(await data(page, '#toy-canvas', 'points'), '10', 'a click adds a point');
    await page.click('#toy-classes button[data-class="1"]');
    await box.click({ position: { x: 60, y: 60 } });
    assert.equal(await data(page, '#toy-canvas', 'points'), '11');
    await box.click({ position: { x: 60, y: 60 }, modifiers: ['Shift'] });
    assert.equal(await data(page, '#toy-canvas', 'points'), '10', 'shift-click removes it');
    await page.selectOption('#toy-loss', 'softmax');
    const before = Number(await data(page, '#toy-total', 'value'));
    await page.click('#toy-step');
    assert.equal(await page.textContent('#toy-steps'), '1');
    await page.click('#toy-run');
    await page.waitForFunction(() => Number(document.getElementById('toy-steps')!.textContent) >= 120, null, { timeout: 30000 });
    await page.click('#toy-run');
    const after = Number(await data(page, '#toy-total', 'value'));
    assert.ok(after < before * 0.7, `toy loss falls: ${before} → ${after}`);
    assert.ok(await colours(page, 'toy-canvas') > 50, 'the toy canvas is drawn');
    assert.equal(await page.$$eval('#toy-points tbody tr', (r) => r.length), 10);
    await (await page.$('#toy'))!.screenshot({ path: `${SHOTS}toy.png` });

    // the digits trainer in its worker; meanwhile the page answers timers promptly
    await page.click('#dg-train');
    // (a string, so the test runner's transform adds no helpers the page lacks)
    const lag = await page.evaluate(`new Promise((resolve) => {
      let worst = 0, last = performance.now();
      const end = last + 1500;
      function tick() {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
        if (now < end) setTimeout(tick, 10); else resolve(worst);
      }
      setTimeout(tick, 10);
    })`) as number;
    assert.ok(lag < 250, `the page stays responsive while training: longest timer gap ${lag.toFixed(0)} ms`);
    await page.waitForSelector('#digits[data-done="true"]', { timeout: 90000 });
    const first = Number(await data(page, '#digits', 'firstLoss')), last = Number(await data(page, '#digits', 'lastLoss'));
    assert.ok(last < first * 0.5, `digits loss falls: ${first} → ${last}`);
    assert.ok(Number(await data(page, '#digits', 'valAccuracy')) > 0.85);
    assert.match((await page.textContent('#dg-gradcheck'))!, /^(ok|great) \(/);
    for (const id of ['dg-loss-canvas', 'dg-land-canvas', 'dg-templates']) assert.ok(await colours(page, id) > 20, `${id} is drawn`);
    await (await page.$('#digits'))!.screenshot({ path: `${SHOTS}digits.png` });
    assert.equal(await data(page, '#digits', 'stopReason'), 'maxIter');

    // L-BFGS from the solver menu: iterations until it converges, and the page says so
    await page.selectOption('#dg-solver', 'lbfgs');
    assert.ok(await page.$eval('#dg-opt', (el) => (el as HTMLSelectElement).disabled), 'the update rule is the mini-batch solver\'s');
    await page.click('#dg-train');
    await page.waitForSelector('#digits[data-done="true"]', { timeout: 90000 });
    assert.equal(await data(page, '#digits', 'stopReason'), 'converged');
    assert.match((await page.textContent('#dg-stopped'))!, /^converged \(L-BFGS, \d+ iterations\)$/);
    assert.equal(await page.textContent('#dg-unit'), 'iteration');
    assert.ok(Number(await data(page, '#digits', 'valAccuracy')) > 0.9);

    // the race: six rules, every loss lower at the end
    await page.click('#race-start');
    await page.waitForSelector('#race[data-done="true"]', { timeout: 90000 });
    const losses = JSON.parse((await data(page, '#race', 'losses'))!) as Record<string, [number, number]>;
    assert.deepEqual(Object.keys(losses), ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    for (const [rule, [a, b]] of Object.entries(losses)) assert.ok(b < a, `${rule}: ${a} → ${b}`);
    assert.ok(await colours(page, 'race-canvas') > 8, 'race chart drawn');
    await (await page.$('#race'))!.screenshot({ path: `${SHOTS}race.png` });
    await page.screenshot({ path: `${SHOTS}page.png`, fullPage: true });
    assert.deepEqual(problems, [], 'no errors or CSP violations');
  } finally {
    await browser.close();
    await server.close();
  }
});
