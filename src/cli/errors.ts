// Exit codes of the command line and the two kinds of failure behind them.
import { LinclassError } from '../base/errors.js';

/** 0 done, 1 bad usage (the command line is wrong), 2 bad data (a file is unreadable or invalid, or training failed on it). */
export const EXIT = { ok: 0, usage: 1, data: 2 } as const;

/** A command line that cannot work as given: printed with a pointer to the command's --help, exit 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file that cannot be read or used: exit 2. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** Which exit an error calls for: library errors about options are usage, about data are data. */
export function classify(e: unknown): 'usage' | 'data' | 'bug' {
  if (e instanceof UsageError) return 'usage';
  if (e instanceof DataError) return 'data';
  if (e instanceof LinclassError) {
    return e.code === 'INVALID_OPTION' || e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_SUPPORTED' ? 'usage' : 'data';
  }
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return 'data';
  return 'bug';
}
