/**
 * Where conversations live between turns. Keys are pseudonymous conversation ids (never phone numbers);
 * values are opaque strings the engine serialises. Both implementations pass test/store/contract.ts.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';
  /** The serialised session, or null when there is none (new, expired or erased). */
  getSession(conversationId: string): Promise<string | null>;
  /** The stored result of a message already handled (same provider message id), or null. */
  getHandledMessage(conversationId: string, messageId: string): Promise<string | null>;
  /**
   * Persist one finished turn atomically: the new session (or its removal when null) and, when a message id
   * is given, the turn's result so a retried webhook gets the same answer without advancing again.
   */
  commitTurn(conversationId: string, turn: TurnCommit): Promise<void>;
  /** Erase everything held about a conversation: session, handled-message results, follow-ups. */
  erase(conversationId: string): Promise<void>;
  /**
   * Take the per-conversation lock so one person's messages are handled one after the other, across
   * processes. Waits up to `waitMs`; returns null if the lock could not be had in time.
   */
  lock(conversationId: string, options: LockOptions): Promise<Lock | null>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface TurnCommit {
  session: string | null;
  sessionTtlSeconds: number;
  handled?: { messageId: string; result: string; ttlSeconds: number };
}

export interface LockOptions {
  /** How long the lock is held at most if its holder dies. */
  ttlMs: number;
  /** How long to wait for it. */
  waitMs: number;
}

export interface Lock {
  release(): Promise<void>;
}

/** Run `fn` holding the conversation's lock; null when the lock could not be taken in time. */
export async function withLock<T>(
  store: Store,
  conversationId: string,
  options: LockOptions,
  fn: () => Promise<T>,
): Promise<{ status: 'done'; value: T } | { status: 'busy' }> {
  const lock = await store.lock(conversationId, options);
  if (!lock) return { status: 'busy' };
  try {
    return { status: 'done', value: await fn() };
  } finally {
    await lock.release();
  }
}
