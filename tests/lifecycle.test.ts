// Objects outlive their module safely: classifiers and datasets never disposed,
// then shutdown(), garbage collection, a new init() and more collection — the
// finalizers do nothing harmful, a stale object's methods say what happened,
// the new module trains to the same bits, and the process exits with code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./lifecycle/run.ts', import.meta.url));
const GONE = 'DISPOSED: This object was made before linclass was shut down or initialized again, and its WebAssembly memory is gone: create it again after init().';

for (const threads of [1, 2]) {
  test(`shutdown, collection and a new init with undisposed objects (threads ${threads}): exit 0, clear errors, same weights`, () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, String(threads)], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, `exit code ${r.status}; stderr:\n${r.stderr}`);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.deepEqual(out, { afterShutdown: GONE, stale: GONE, same: true });
  });
}
