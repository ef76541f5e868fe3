// Model files for the command line: the binary .lcm format, or its JSON form
// when the name ends in .json (or the file starts with '{').
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { LinearClassifier, LinclassError } from '../api.js';
import { DataError } from './errors.js';

/** Reads a model file; a missing or invalid one is a DataError naming it. */
export function readModel(path: string): { clf: LinearClassifier; bytes: Uint8Array; json: boolean } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`Cannot read the model ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}.`);
  }
  const json = bytes[0] === 0x7b;
  try {
    const clf = json ? LinearClassifier.fromJSON(new TextDecoder().decode(bytes)) : LinearClassifier.load(bytes);
    return { clf, bytes, json };
  } catch (e) {
    if (e instanceof LinclassError && e.code === 'INVALID_DATA') throw new DataError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The file of one loss when --out names one file for several: m.lcm → m.softmax.lcm, m.json → m.svm.json. */
export function perLoss(path: string, loss: string): string {
  const ext = extname(basename(path));
  return ext ? `${path.slice(0, -ext.length)}.${loss}${ext}` : `${path}.${loss}`;
}

/** Writes a model: JSON for a .json name, else the binary format. Returns the bytes written. */
export function writeModel(path: string, clf: LinearClassifier): number {
  const data = /\.json$/i.test(path) ? new TextEncoder().encode(JSON.stringify(clf) + '\n') : clf.save();
  writeFileSync(path, data);
  return data.length;
}
