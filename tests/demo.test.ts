// The demo page in Debian's Chromium under the strict CSP, as a student would
// use it at 1300 px and on a 390 px phone: the 2-D toy (add, remove, randomize,
// run, a divergence warning), the digits trainer (errors beside the control
// that caused them, a log axis when the loss spikes, the gradient check's word
// on kinks), "See it work" (confusion matrix, gallery, worst mistakes first, a
// digit drawn and classified as it is drawn) and the optimizer race (rates from
// a sweep, edited, a legend, every curve visible, a log axis). Each step checks
// that nothing overflows sideways, and the run ends with no console error.
// Screenshots go to artifacts/demo/ (git-ignored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { serve } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';
import { LOSS } from '../src/runtime/kernels.js';
import { idxBytes } from './util.js';

const SHOTS = fileURLToPath(new URL('../artifacts/demo/', import.meta.url));
const skip = chromiumSkip('the demo test');
const RULES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
/** The race's colours (demo/race.js): each must show on the chart. */
const RACE_COLORS: Record<string, [number, number, number]> = {
  sgd: [0x6b, 0x72, 0x80], momentum: [0xea, 0x58, 0x0c], nesterov: [0xdb, 0x27, 0x77], adagrad: [0x16, 0xa3, 0x4a], rmsprop: [0x93, 0x33, 0xea], adam: [0x25, 0x63, 0xeb],
};

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

/** Pixels of a canvas within a small distance of each colour. */
function colourCounts(page: Page, id: string, wanted: Record<string, [number, number, number]>): Promise<Record<string, number>> {
  return page.evaluate(([id, wanted]) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: Record<string, number> = Object.fromEntries(Object.keys(wanted).map((k) => [k, 0]));
    for (let i = 0; i < d.length; i += 4) {
      for (const [k, [r, g, b]] of Object.entries(wanted)) {
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 24 && d[i + 3] > 200) out[k]++;
      }
    }
    return out;
  }, [id, wanted] as const);
}

const data = (page: Page, sel: string, key: string) => page.$eval(sel, (el, k) => (el as HTMLElement).dataset[k], key);
const text = async (page: Page, sel: string) => (await page.textContent(sel))?.trim() ?? '';
const visible = (page: Page, sel: string) => page.isVisible(sel);

/** The page is no wider than the window: nothing to scroll sideways. */
async function noOverflow(page: Page, where: string): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(scroll <= inner, `${where}: the page is ${scroll} px wide in a ${inner} px window`);
}

/** Sets a range input's value as a drag would. */
const slide = (page: Page, sel: string, value: string) => page.$eval(sel, (el, v) => {
  (el as HTMLInputElement).value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}, value);

/** A stroke through points given as fractions of the element's box; checks `during` after the first moves, before the pen lifts. */
async function stroke(page: Page, sel: string, pts: [number, number][], during?: () => Promise<void>): Promise<void> {
  const b = (await page.locator(sel).boundingBox())!, at = ([fx, fy]: [number, number]) => [b.x + fx * b.width, b.y + fy * b.height] as const;
  await page.mouse.move(...at(pts[0]));
  await page.mouse.down();
  for (let i = 1; i < pts.length; i++) {
    await page.mouse.move(...at(pts[i]), { steps: 2 });
    if (i === Math.floor(pts.length / 2) && during) await during();
  }
  await page.mouse.up();
}

/** IDX bytes: a label file of n rows (magic 0x801), or an image file of n rows × side × side (0x803). */
function idx(n: number, side?: number): Buffer {
  const dims = side ? [n, side, side] : [n];
  return Buffer.from(idxBytes(0x08, dims, new Uint8Array(dims.reduce((a, b) => a * b, 1)).fill(1)));
}

async function openPage(browser: Browser, width: number, problems: string[]): Promise<Page> {
  const phone = width < 600;
  const page = await browser.newPage({ viewport: { width, height: phone ? 844 : 900 }, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone });
  const tag = `${width} px: `;
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(tag + m.text()); });
  page.on('pageerror', (e) => problems.push(tag + String(e)));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${tag}${r.status()} ${r.url()}`); });
  return page;
}

/** Every interaction at one width; `full` adds the runs a phone need not repeat (L-BFGS, a second kind of wrong file). */
async function exercise(page: Page, url: string, width: number, full: boolean): Promise<void> {
  const dir = `${SHOTS}${width}/`;
  mkdirSync(dir, { recursive: true });
  const phone = width < 600;
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await noOverflow(page, 'on load');

  // before any training every canvas says what will appear there
  for (const id of ['dg-loss-canvas', 'dg-land-canvas', 'dg-templates', 'race-canvas', 'pad']) assert.ok(await colours(page, id) > 3, `${id} is not blank before training`);
  // the toy's plane stays square at any width, and its points round
  const [cw, ch] = await page.$eval('#toy-canvas', (c) => [c.getBoundingClientRect().width, c.getBoundingClientRect().height]);
  assert.ok(Math.abs(cw - ch) < 1.5 && cw <= width - 20, `the toy canvas is square and fits: ${cw}×${ch}`);
  // the three loss menus come from one list (demo/losses.js), and offer only losses the library takes
  const menus = await Promise.all(['toy-loss', 'dg-loss', 'race-loss'].map((id) => page.$$eval(`#${id} option`, (o) => o.map((x) => (x as HTMLOptionElement).value))));
  assert.deepEqual(menus[1], menus[0]);
  assert.deepEqual(menus[2], menus[0]);
  for (const loss of menus[0]) assert.ok(loss in LOSS, `the page offers '${loss}', which the library does not take`);
  assert.deepEqual([...menus[0]].sort(), Object.keys(LOSS).sort(), 'the page offers every loss of the library');

  // ---- the toy: add, remove, randomize, reset, train, diverge ----
  const toy = '#toy-canvas';
  assert.equal(await data(page, toy, 'points'), '9');
  await page.click(toy, { position: { x: cw * 0.5, y: cw * 0.9 } });
  assert.equal(await data(page, toy, 'points'), '10', 'a click adds a point');
  await page.click('#toy-classes button[data-class="1"]');
  await page.click(toy, { position: { x: cw * 0.125, y: cw * 0.125 } });
  assert.equal(await data(page, toy, 'points'), '11');
  if (phone) {
    // no shift key on a phone: the remove tool, and a tap
    await page.click('#toy-classes button[data-class="remove"]');
    await page.tap(toy, { position: { x: cw * 0.125 + 3, y: cw * 0.125 - 2 } });
    await page.click('#toy-classes button[data-class="1"]');
  } else {
    await page.click(toy, { position: { x: cw * 0.125, y: cw * 0.125 }, modifiers: ['Shift'] });
  }
  assert.equal(await data(page, toy, 'points'), '10', 'the point is removed again');
  const weights = () => page.$$eval('#toy-weights input', (i) => i.map((x) => (x as HTMLInputElement).value).join(' '));
  const w0 = await weights();
  await page.click('#toy-random');
  assert.notEqual(await weights(), w0, 'Randomize draws new W and b');
  await page.click('#toy-reset');
  assert.equal(await weights(), w0, 'Reset brings back the starting W and b');
  assert.equal(await data(page, toy, 'points'), '9', 'and the starting points');
  await page.selectOption('#toy-loss', 'softmax');
  const before = Number(await data(page, '#toy-total', 'value'));
  await page.click('#toy-step');
  assert.equal(await text(page, '#toy-steps'), '1');
  await page.click('#toy-run');
  await page.waitForFunction(() => Number(document.getElementById('toy-steps')!.textContent) >= 60, null, { timeout: 30000 });
  await page.click('#toy-run');
  const after = Number(await data(page, '#toy-total', 'value'));
  assert.ok(after < before * 0.7, `toy loss falls: ${before} → ${after}`);
  assert.ok(await colours(page, 'toy-canvas') > 50, 'the toy canvas is drawn');
  assert.equal(await page.$$eval('#toy-points tbody tr', (r) => r.length), 9);
  assert.ok(!(await visible(page, '#toy-warning')), 'no warning while the loss falls');
  await noOverflow(page, 'the toy');
  await (await page.$('#toy'))!.screenshot({ path: `${dir}toy.png` });
  // λ = 1 and step 1: the run diverges, stops itself and says why
  await slide(page, '#toy-reg', '0');
  await slide(page, '#toy-lr', '0');
  await page.click('#toy-run');
  await page.waitForSelector('#toy[data-diverging="true"]', { timeout: 20000 });
  await page.waitForFunction(() => document.getElementById('toy-run')!.textContent === 'Run', null, { timeout: 5000 });
  assert.match(await text(page, '#toy-warning'), /diverging.*1 − 2·step·λ = -1.*Lower the step size/s);
  await (await page.$('#toy'))!.screenshot({ path: `${dir}toy-diverging.png` });
  await slide(page, '#toy-lr', '-1');
  await page.click('#toy-reset');
  assert.ok(!(await visible(page, '#toy-warning')), 'the warning goes once the settings change');
  // every loss the page offers trains the toy: a few steps from the starting weights lower its total loss
  for (const loss of menus[0]) {
    await page.selectOption('#toy-loss', loss);
    await page.click('#toy-reset');
    const start = Number(await data(page, '#toy-total', 'value'));
    for (let i = 0; i < 5; i++) await page.click('#toy-step');
    const end = Number(await data(page, '#toy-total', 'value'));
    assert.ok(Number.isFinite(start) && end < start, `the toy with loss '${loss}': total ${start} → ${end} after 5 steps`);
  }

  // ---- the trainer: wrong files are refused beside the file input, never trained on ----
  await page.click('#dg-fashion summary');
  await page.setInputFiles('#dg-files', [{ name: 'train-images.gz', mimeType: 'application/gzip', buffer: Buffer.from('x') }, { name: 'train-labels.gz', mimeType: 'application/gzip', buffer: Buffer.from('y') }]);
  assert.ok(await visible(page, '#dg-files-err'), 'two files: the error shows beside the file input');
  assert.match(await text(page, '#dg-files-err'), /exactly four files.*you chose 2/);
  await page.click('#dg-train');
  assert.equal(await data(page, '#digits', 'error'), 'files');
  assert.equal(await data(page, '#digits', 'epochs'), undefined, 'nothing trained on the digits instead');
  assert.ok(await page.isEnabled('#dg-train'), 'the Train button is free again');
  await page.click('#dg-digits');
  assert.ok(!(await visible(page, '#dg-files-err')), 'back to the digits: the error goes');

  // the digits in the worker; meanwhile no task holds the page's thread for long. Long tasks
  // (the browser's own measure) rather than timer gaps: on a busy two-core machine a timer
  // can wait for the processor while the page itself has nothing to do.
  if (phone) await page.selectOption('#dg-epochs', '5');
  await page.evaluate(`window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' })`);
  await page.click('#dg-train');
  await page.waitForSelector('#digits[data-done="true"]', { timeout: 60000 });
  const longest = await page.evaluate('Math.max(0, ...window.__longTasks)') as number;
  assert.ok(longest < 250, `the page stays responsive while training: its longest task took ${longest.toFixed(0)} ms`);
  const first = Number(await data(page, '#digits', 'firstLoss')), last = Number(await data(page, '#digits', 'lastLoss'));
  assert.ok(last < first * (phone ? 0.6 : 0.5), `digits loss falls: ${first} → ${last}`);
  assert.ok(Number(await data(page, '#digits', 'valAccuracy')) > 0.85);
  assert.equal(await data(page, '#digits', 'axis'), 'linear', 'a healthy run keeps a linear loss axis');
  assert.match(await text(page, '#dg-gradcheck'), /^(ok|great) \(/);
  assert.match(await text(page, '#dg-gradcheck-note'), /smooth/);
  for (const id of ['dg-loss-canvas', 'dg-land-canvas', 'dg-templates']) assert.ok(await colours(page, id) > 20, `${id} is drawn`);
  assert.equal(await data(page, '#digits', 'stopReason'), 'maxIter');
  await noOverflow(page, 'the trainer');
  await (await page.$('#digits'))!.screenshot({ path: `${dir}digits.png` });

  // ---- see it work: the confusion matrix, the gallery, the pad ----
  const matrix = await page.$$eval('#cm tr', (rows) => rows.slice(1).map((r) => Array.from(r.querySelectorAll('td'), (td) => Number(td.textContent))));
  assert.equal(matrix.length, 10);
  const total = matrix.flat().reduce((a, b) => a + b, 0), diagonal = matrix.reduce((a, r, i) => a + r[i], 0);
  assert.equal(total, 297, 'the matrix counts every validation image');
  assert.ok(Math.abs(diagonal / total - Number(await data(page, '#digits', 'valAccuracy'))) < 1e-6, 'its diagonal is the validation accuracy');
  const tiles = phone ? 12 : 24;
  assert.equal(await data(page, '#see', 'gallery'), String(tiles));
  assert.equal(await page.$$eval('#gallery .tile canvas', (c) => c.length), 2 * tiles, 'each tile: the image and its bars');
  await page.click('#gal-order');
  const misses = 297 - diagonal;
  const missTiles = await page.$$eval('#gallery .tile', (t) => t.map((x) => x.classList.contains('miss')));
  assert.deepEqual(missTiles, missTiles.map((_, i) => i < misses), 'worst mistakes first: the mistakes lead');
  assert.match(await text(page, '#gallery .tile .truth'), /^true: \d$/);
  // a cell off the diagonal: only its images
  const [ci, cj] = (() => { let best = [0, 1]; matrix.forEach((r, i) => r.forEach((n, j) => { if (i !== j && n > matrix[best[0]][best[1]]) best = [i, j]; })); return best; })();
  await page.click(`#cm td[data-i="${ci}"][data-j="${cj}"]`);
  assert.equal(await page.$$eval('#gallery .tile', (t) => t.length), Math.min(tiles, matrix[ci][cj]));
  assert.match(await text(page, '#gal-about'), new RegExp(`^${matrix[ci][cj]} ${ci} predicted as ${cj}`));
  await noOverflow(page, 'the gallery');
  await (await page.$('#see'))!.screenshot({ path: `${dir}see-mistakes.png` });
  await page.click('#gal-all');
  assert.equal(await data(page, '#see', 'gallery'), String(tiles));

  // the pad: a 1 and then a 0, classified while the pen is down
  await page.locator('#pad').scrollIntoViewIfNeeded();
  let during = '';
  await stroke(page, '#pad', [[0.5, 0.12], [0.5, 0.3], [0.5, 0.5], [0.5, 0.7], [0.5, 0.88]], async () => { during = (await data(page, '#pad', 'pred')) ?? ''; });
  assert.match(during, /^\d$/, 'a prediction shows while drawing');
  const seen = (await data(page, '#pad', 'seen'))!.split(',').map(Number);
  assert.equal(seen.length, 64);
  assert.ok(seen.every((v) => Number.isInteger(v) && v >= 0 && v <= 16), 'the model sees 8×8 counts 0..16, as the digits set');
  assert.ok(seen.slice(0, 8).some((v) => v > 0) && seen.slice(56).some((v) => v > 0), 'the digit fills the height, as the set\'s digits do');
  assert.equal(await data(page, '#pad', 'pred'), '1', 'a vertical stroke reads as 1');
  const probs = (await data(page, '#pad', 'values'))!.split(',').map(Number);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-3, 'softmax: the bars are probabilities');
  await page.click('#pad-clear');
  assert.equal(await data(page, '#pad', 'pred'), undefined);
  const ring: [number, number][] = Array.from({ length: 17 }, (_, k) => [0.5 + 0.26 * Math.sin((2 * Math.PI * k) / 16), 0.5 - 0.38 * Math.cos((2 * Math.PI * k) / 16)]);
  await stroke(page, '#pad', ring);
  assert.equal(await data(page, '#pad', 'pred'), '0', 'a ring reads as 0');
  await noOverflow(page, 'the pad');
  await (await page.$('#see'))!.screenshot({ path: `${dir}see.png` });

  // ---- the trainer's other roads: SVM (kinks), SGD at rate 1 on single rows (a log axis), wrong files after a run ----
  await page.selectOption('#dg-loss', 'svm');
  await page.selectOption('#dg-opt', 'sgd');
  await page.selectOption('#dg-lr', '1');
  await page.selectOption('#dg-batch', '1');
  await page.selectOption('#dg-epochs', '5');
  await page.click('#dg-train');
  await page.waitForSelector('#digits[data-done="true"]', { timeout: 60000 });
  assert.equal(await data(page, '#digits', 'axis'), 'log', 'the loss spikes: the axis turns logarithmic');
  assert.match(await text(page, '#dg-axis-note'), /log scale: the loss spiked to/);
  assert.match(await text(page, '#dg-gradcheck-note'), /kinks.*hinge.*straddle/s);
  assert.match(await text(page, '#gal-about'), /scores/, 'an SVM\'s bars are scores, not probabilities');
  assert.match(await text(page, '#pad-note'), /\(svm\)/, 'the pad follows the latest digits model');
  await (await page.$('#digits'))!.screenshot({ path: `${dir}digits-svm-sgd.png` });
  await page.selectOption('#dg-yaxis', 'linear');
  assert.equal(await data(page, '#digits', 'axis'), 'linear');
  await page.selectOption('#dg-yaxis', 'auto');

  // four files that are not Fashion-MNIST: the error beside the input, the old results gone
  const wrong = full
    ? [['a.txt', 'not'], ['b.txt', 'IDX'], ['c.txt', 'at'], ['d.txt', 'all']].map(([name, s]) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(s) }))
    : [];
  const labels = ['w.idx', 'x.idx', 'y.idx', 'z.idx'].map((name) => ({ name, mimeType: 'application/octet-stream', buffer: idx(3) }));
  for (const files of full ? [wrong, labels] : [labels]) {
    await page.setInputFiles('#dg-files', files);
    assert.ok(!(await visible(page, '#dg-files-err')), 'four files are taken');
    await page.click('#dg-train');
    await page.waitForSelector('#digits[data-error="files"]', { timeout: 20000 });
    const message = await text(page, '#dg-files-err');
    assert.match(message, files === labels ? /not the four Fashion-MNIST files/ : /a\.txt is not an IDX file/);
    assert.ok(!(await text(page, '#status')).includes(message.slice(0, 20)), 'the error is not (only) in the header');
    assert.equal(await text(page, '#dg-epoch'), '–', 'the old numbers are gone');
    assert.equal(await data(page, '#digits', 'epochs'), undefined);
    assert.equal(await data(page, '#see', 'matrix'), 'false', 'the old confusion matrix is gone');
    assert.equal(await data(page, '#see', 'gallery'), undefined, 'the old gallery is gone');
    assert.ok(await page.isEnabled('#dg-train'));
  }
  await noOverflow(page, 'a file error');
  await (await page.$('#digits'))!.screenshot({ path: `${dir}digits-file-error.png` });
  await page.click('#dg-digits');

  if (full) {
    // L-BFGS from the solver menu: iterations until it converges, and the page says so
    await page.selectOption('#dg-loss', 'softmax');
    await page.selectOption('#dg-solver', 'lbfgs');
    assert.ok(await page.$eval('#dg-opt', (el) => (el as HTMLSelectElement).disabled), 'the update rule is the mini-batch solver\'s');
    await page.click('#dg-train');
    await page.waitForSelector('#digits[data-done="true"]', { timeout: 60000 });
    assert.equal(await data(page, '#digits', 'stopReason'), 'converged');
    assert.match(await text(page, '#dg-stopped'), /^converged \(L-BFGS, \d+ iterations\)$/);
    assert.equal(await text(page, '#dg-unit'), 'iteration');
    assert.match(await text(page, '#dg-train-acc'), /^0\.\d+$/, 'L-BFGS still shows a training accuracy');
    assert.ok(Number(await data(page, '#digits', 'valAccuracy')) > 0.9);
  }

  // ---- the race: rates from the sweep, one edited, a legend, every curve visible ----
  if (phone) {
    // another batch size: the rates are swept again for it (and the race is quicker)
    await page.waitForSelector('#race[data-swept^="{"]', { timeout: 30000 });
    const old = await data(page, '#race', 'sweep');
    await page.selectOption('#race-batch', '128');
    await page.waitForFunction((old) => /^\{/.test(document.getElementById('race')!.dataset.swept!) && document.getElementById('race')!.dataset.sweep !== old, old, { timeout: 30000 });
  }
  await page.waitForSelector('#race[data-swept^="{"]', { timeout: 30000 });
  const swept = JSON.parse((await data(page, '#race', 'swept'))!) as Record<string, number>;
  const sweep = JSON.parse((await data(page, '#race', 'sweep'))!) as Record<string, (number | null)[]>;
  const grid = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
  for (const rule of RULES) {
    const ls = sweep[rule].map((v) => v ?? Infinity);
    assert.equal(swept[rule], grid[ls.indexOf(Math.min(...ls))], `${rule}: the default is the sweep's best`);
    assert.equal(Number(await page.inputValue(`#race-lr-${rule}`)), swept[rule], `${rule}: the input starts at it`);
  }
  assert.deepEqual(await page.$$eval('#race-legend li', (l) => l.map((x) => x.textContent)), RULES, 'a legend names every rule');
  await page.fill('#race-lr-adam', '-1');
  await page.click('#race-start');
  assert.ok(await visible(page, '#race-err'), 'a rate below 0 is refused');
  await page.fill('#race-lr-adam', '0.01');
  assert.match(await text(page, '#race-table tr:last-child .swept'), /^sweep: /, 'an edited rate shows the sweep\'s');
  await page.click('#race-start');
  assert.ok(!(await visible(page, '#race-err')));
  await page.waitForSelector('#race[data-done="true"]', { timeout: 30000 });
  assert.equal(JSON.parse((await data(page, '#race', 'rates'))!).adam, 0.01, 'the race ran at the edited rate');
  const losses = JSON.parse((await data(page, '#race', 'losses'))!) as Record<string, [number, number]>;
  assert.deepEqual(Object.keys(losses), RULES);
  for (const [rule, [a, b]] of Object.entries(losses)) assert.ok(b < a, `${rule}: ${a} → ${b}`);
  await (await page.$('#race'))!.screenshot({ path: `${dir}race.png` });
  const shown = await colourCounts(page, 'race-canvas', RACE_COLORS);
  for (const rule of RULES) assert.ok(shown[rule] > 150, `${rule}'s curve shows: ${shown[rule]} pixels of its colour`);
  await page.selectOption('#race-axis', 'log');
  assert.ok(await colours(page, 'race-canvas') > 8, 'race chart drawn on a log axis');
  await noOverflow(page, 'the race');
  await (await page.$('#race'))!.screenshot({ path: `${dir}race-log.png` });
  await page.screenshot({ path: `${dir}page.png`, fullPage: true });
}

test('demo page at 1300 px and on a 390 px phone: every section works under the strict CSP, nothing overflows', { skip, timeout: 180000 }, async () => {
  assert.ok(existsSync(fileURLToPath(new URL('../dist/linclass.mjs', import.meta.url))), 'dist/ is built (npm run build)');
  const server = await serve();
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const wide = await openPage(browser, 1300, problems);
    // one after the other: at once, the two pages' workers would starve each other's main thread on two cores
    await exercise(wide, server.url, 1300, true);
    await wide.close();
    await exercise(await openPage(browser, 390, problems), server.url, 390, false);
    assert.deepEqual(problems, [], 'no errors or CSP violations');
  } finally {
    await browser.close();
    await server.close();
  }
});
