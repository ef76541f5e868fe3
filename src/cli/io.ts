// Output of the command line: results on stdout, messages on stderr. A closed
// stdout (piped into head, say) ends the process quietly.

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** Where results and messages go: the process's stdout and stderr, unless main() was given others. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const STD: Output = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
let output: Output = STD;

/** Sends out() and err() (and the usage text) to `o` until the returned function restores the previous output. */
export function redirect(o: Output): () => void {
  const before = output;
  output = o;
  return () => {
    output = before;
  };
}

/** The output in use. */
export const current = (): Output => output;

/** Writes lines to stdout. */
export function out(...lines: string[]): void {
  output.out(lines.join('\n') + '\n');
}

/** Writes lines to stderr. */
export function err(...lines: string[]): void {
  output.err(lines.join('\n') + '\n');
}

/** A fraction as the command line prints accuracies: 0.8412. */
export const frac = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(4));

/** The data lines that open a report: the sets, their sizes, the preprocessing. */
export function describeData(train: { name: string; rows: number }, other: { name: string; rows: number } | null, what: string,
  D: number, C: number, prep: string): string[] {
  return table([
    ['training data:', `${train.name} (${train.rows} rows, ${D} features, ${C} classes)`],
    ...(other ? [[`${what} data:`, `${other.name} (${other.rows} rows)`]] : []),
    ['features:', prep],
  ]);
}

/** Left-aligned table rows, columns two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length)));
  return rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]))).join('  ').trimEnd());
}
