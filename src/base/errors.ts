/** What went wrong, as a stable machine-readable code. */
export type LinclassErrorCode =
  | 'NOT_INITIALIZED'
  | 'NO_SIMD'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'INVALID_DATA'
  | 'DISPOSED'
  | 'NOT_FITTED'
  | 'NOT_SUPPORTED'
  | 'OUT_OF_MEMORY'
  | 'DIVERGED'
  | 'WORKER_FAILED';

/**
 * The one error type linclass throws for anything a caller can fix. `code` is
 * stable across versions; `message` is a sentence naming what was wrong and
 * what is allowed.
 */
export class LinclassError extends Error {
  readonly code: LinclassErrorCode;
  constructor(code: LinclassErrorCode, message: string) {
    super(message);
    this.name = 'LinclassError';
    this.code = code;
  }
}
