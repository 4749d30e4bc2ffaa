import type { SqlValue } from './database.js';

/** A call from the server's thread to PGlite's (pglite-worker.ts); `tx` runs it inside that open transaction. */
export type PgliteCall = { id: number; tx?: number } & (
  | { op: 'query'; sql: string; params: readonly SqlValue[] }
  | { op: 'exec'; sql: string }
  | { op: 'begin' }
  | { op: 'finish'; commit: boolean }
  | { op: 'close' }
);

/** An error as it crosses between threads: PostgreSQL's code and detail kept, so callers can tell errors apart. */
export interface PlainError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
}

/** The answer to the call with this id (0: the database has opened, or could not). */
export type PgliteReply = { id: number } & ({ ok: true; value?: unknown } | { ok: false; error: PlainError });
