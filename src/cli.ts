// The linclass command line (bin "linclass"; bundled into dist/cli.mjs). The
// package's files are found beside this one: ../package.json, ../data/digits.csv.
import { readFileSync } from 'node:fs';
import { main } from './cli/program.js';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
process.exitCode = await main(process.argv.slice(2), { version, digits: new URL('data/digits.csv', root) });
