// A Node process that trains with the given thread count (argv[2]) through
// dist/linclass.mjs and prints the weight hashes; it must then exit on its own.
import { readFileSync } from 'node:fs';
import './parity.js';

const lib = await import(new URL('../../dist/linclass.mjs', import.meta.url).href);
const threads = Number(process.argv[2]);
await lib.init({ threads, threadThreshold: 0 });
const csv = readFileSync(new URL('../../data/digits.csv', import.meta.url), 'utf8');
const hashes = await globalThis.linclassParityBlocks(lib, csv);
console.log(JSON.stringify({ info: lib.threadInfo(), hashes }));
