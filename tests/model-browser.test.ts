// Model files across runtimes: the library build in Chromium saves the same
// bytes as Node for the same seeded model, loads Node's file and saves it back
// byte for byte, and predicts the same classes from raw rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
type Run = {
  saved: number[]; again: number[]; viaJson: number[]; predict: number[];
  namedSaved: number[]; namedAgain: number[]; namedPredict: string[]; namedJson: string[];
};
type ModelRun = (lib: unknown, csv: string, other?: number[], otherNamed?: number[]) => Run;

const skip = chromiumSkip() || (!existsSync(join(ROOT, 'dist/linclass.mjs')) ? 'dist/ is not built (npm run build)' : false);

test('Chromium saves the bytes Node saves, and loads and re-saves Node\'s file unchanged', { skip }, async () => {
  const csv = readFileSync(join(ROOT, 'data/digits.csv'), 'utf8');
  const lib = await import(join(ROOT, 'dist/linclass.mjs'));
  await lib.init();
  await import('./browser/model-run.js');
  const run = (globalThis as unknown as { linclassModelRun: ModelRun }).linclassModelRun;
  const node = run(lib, csv);
  assert.deepEqual(node.again, node.saved);
  assert.deepEqual(node.viaJson, node.saved);
  assert.deepEqual(node.namedAgain, node.namedSaved, 'a model with string labels saves back unchanged');
  assert.deepEqual(node.namedJson, node.namedPredict, 'and predicts the same labels after a JSON round trip');
  assert.ok(node.namedPredict.every((v) => typeof v === 'string') && new Set(node.namedPredict).size > 3, `string predictions: ${node.namedPredict}`);

  const server = await serve();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tests/browser/model.html`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean; __error?: string }).__ready || (window as unknown as { __error?: string }).__error, null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __error?: string }).__error), undefined);
    const web = await page.evaluate(([other, otherNamed]) => {
      const w = window as unknown as { __model: { lib: unknown; csv: string }; linclassModelRun: ModelRun };
      return w.linclassModelRun(w.__model.lib, w.__model.csv, other, otherNamed);
    }, [node.saved, node.namedSaved]);
    assert.deepEqual(web.saved, node.saved, 'the same seeded model saves to the same bytes');
    assert.deepEqual(web.again, node.saved, "Node's file loads in the browser and saves back unchanged");
    assert.deepEqual(web.viaJson, node.saved, 'JSON → model → bytes in the browser');
    assert.deepEqual(web.predict, node.predict, 'the same predictions from raw rows');
    assert.deepEqual(web.namedSaved, node.namedSaved, 'string labels: the same bytes in Chromium');
    assert.deepEqual(web.namedAgain, node.namedSaved, "string labels: Node's file loads in Chromium and saves back unchanged");
    assert.deepEqual(web.namedPredict, node.namedPredict, 'string labels: the same predicted labels');
  } finally {
    await browser.close();
    await server.close();
  }
});
