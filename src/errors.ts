/**
 * The one error type users see. `code` is stable (tests and scripts match on
 * it), `message` says what is wrong, `hint` says how to fix it. The CLI turns
 * a ForgeError into one line on stderr and a non-zero exit; anything else is a
 * bug and is reported as such.
 */
export type ForgeErrorCode =
  | 'USAGE'
  | 'UNKNOWN_DATASET'
  | 'UNKNOWN_PROFILE'
  | 'UNKNOWN_SCENARIO'
  | 'BAD_PARAM'
  | 'BAD_CONFIG'
  | 'BAD_PACK'
  | 'OUTPUT_NOT_WRITABLE'
  | 'ARTIFACT_MISSING'
  | 'ARTIFACT_INVALID'
  | 'CHECKSUM_MISMATCH'
  | 'DB_UNREACHABLE'
  | 'DB_AUTH'
  | 'DB_MISSING'
  | 'DB_SHAPE'
  | 'DB_ERROR'
  | 'CONFIRM_REQUIRED'
  | 'PRODUCTION_GUARD'
  | 'VERIFY_FAILED'
  | 'VALIDATE_FAILED'
  | 'PG_NOT_INSTALLED'
  | 'PG_SERVER'
  | 'WORKER_FAILED'
  | 'GOLDEN_DRIFT'
  | 'INTERRUPTED'
  | 'BAD_URL'
  | 'DB_DEPENDENTS'
  | 'NOT_OWNED'
  | 'DISK_FULL'
  | 'TOO_LARGE'
  | 'PUSH_UNREACHABLE'
  | 'PUSH_AUTH'
  | 'PUSH_FAILED';

/** Exit codes other than 1 (README: Safety). 74 is sysexits' EX_IOERR; 70 (EX_SOFTWARE) is a bug. */
const EXIT_CODES: Partial<Record<ForgeErrorCode, number>> = { USAGE: 2, INTERRUPTED: 130, DISK_FULL: 74 };

export class ForgeError extends Error {
  readonly code: ForgeErrorCode;
  readonly hint?: string;
  /** Exit status the CLI uses; 2 for usage mistakes, 74 for a full disk, 1 otherwise. */
  readonly exitCode: number;

  constructor(code: ForgeErrorCode, message: string, hint?: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options);
    this.name = 'ForgeError';
    this.code = code;
    this.hint = hint;
    this.exitCode = options?.exitCode ?? EXIT_CODES[code] ?? 1;
  }

  /** The single line printed for the user. */
  toLine(): string {
    return this.hint ? `forge: ${this.message} (${this.hint})` : `forge: ${this.message}`;
  }
}

export function isForgeError(e: unknown): e is ForgeError {
  return e instanceof ForgeError;
}
