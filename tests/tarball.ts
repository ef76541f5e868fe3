// The packed tarball, installed as a user would: `npm pack`, then `npm install
// <tarball>` into a fresh folder with nothing else in it. Shared by the tests
// that run bundlers, runtimes and examples on what ships.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The environment for a nested npm: without the npm_* variables an outer npm run
 * sets, and without node_modules/.bin on PATH (a dev dependency ships an old npm there).
 */
export const cleanEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([k]) => !k.toLowerCase().startsWith('npm_'))
  .map(([k, v]) => [k, k === 'PATH' ? v!.split(':').filter((d) => !d.includes('node_modules')).join(':') : v]));

/** Packs the project into a new temporary folder and installs the tarball there (offline); returns the folder. */
export function installTarball(prefix: string, pkg: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `linclass-${prefix}-`));
  const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', env: cleanEnv }).trim().split('\n').pop()!;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${prefix}-app`, private: true, ...pkg }, null, 2) + '\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, out)], { cwd: dir, stdio: 'pipe', env: cleanEnv });
  return dir;
}

/** A tool from the project's dev dependencies. */
export const bin = (name: string): string => join(ROOT, 'node_modules/.bin', name);
