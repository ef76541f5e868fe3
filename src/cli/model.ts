// Model files for the command line: the binary .lcm format, its JSON form
// when the file starts with '{', or ONNX when the name ends in .onnx.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { LinearClassifier, LinclassError, type LossName } from '../api.js';
import { DataError } from './errors.js';
import { out } from './io.js';

/** Reads a model file; a missing or invalid one is a DataError naming it. */
export function readModel(path: string): { clf: LinearClassifier; bytes: Uint8Array; json: boolean; onnx: boolean } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`Cannot read the model ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}.`);
  }
  const json = bytes[0] === 0x7b, onnx = /\.onnx$/i.test(path);
  try {
    const clf = onnx ? LinearClassifier.fromONNX(bytes) : json ? LinearClassifier.fromJSON(new TextDecoder().decode(bytes)) : LinearClassifier.load(bytes);
    return { clf, bytes, json, onnx };
  } catch (e) {
    if (e instanceof LinclassError && (e.code === 'INVALID_DATA' || e.code === 'NOT_SUPPORTED')) throw new DataError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Every loss, in the order --loss all trains them. */
export const LOSSES: readonly LossName[] = ['softmax', 'svm', 'ova', 'structured'];

/** The losses a --loss value names: one loss, 'both' (softmax and svm) or 'all' (every loss). */
export function lossesOf(flag: LossName | 'both' | 'all'): LossName[] {
  return flag === 'all' ? [...LOSSES] : flag === 'both' ? ['softmax', 'svm'] : [flag];
}

/** The file of one loss when --out names one file for several: m.lcm → m.softmax.lcm, m.json → m.svm.json. */
export function perLoss(path: string, loss: string): string {
  const ext = extname(basename(path));
  return ext ? `${path.slice(0, -ext.length)}.${loss}${ext}` : `${path}.${loss}`;
}

/** Writes a model: JSON for a .json name, ONNX for .onnx, else the binary format. Returns the bytes written. */
export function writeModel(path: string, clf: LinearClassifier): number {
  const data = /\.json$/i.test(path) ? new TextEncoder().encode(JSON.stringify(clf) + '\n') : /\.onnx$/i.test(path) ? clf.toONNX() : clf.save();
  writeFileSync(path, data);
  return data.length;
}

/** linclass export: a model read in one format and written in the format its output name says. */
export function exportModel(from: string, to: string): void {
  const { clf } = readModel(from);
  try {
    out(`wrote ${to} (${writeModel(to, clf)} bytes)`);
  } finally {
    clf.dispose();
  }
}
