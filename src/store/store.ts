/**
 * Where conversations live between turns. Keys are pseudonymous conversation ids (never phone numbers);
 * values are opaque strings the engine serialises. Both implementations pass test/store/contract.ts.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';
  /** The serialised session, or null when there is none (new, expired or erased). */
  getSession(conversationId: string): Promise<string | null>;
  /**
   * The stored result of a message already handled (same provider message id), or null: kept for its ttl
   * while it is among the conversation's newest results (HANDLED_RESULTS).
   */
  getHandledMessage(conversationId: string, messageId: string): Promise<string | null>;
  /**
   * Whether a message with this id (or this Twilio idempotency token) was handled within its replay window,
   * however many came after it: a replay must never be processed twice, even once its result is gone.
   */
  wasHandled(conversationId: string, replay: ReplayKeys): Promise<boolean>;
  /**
   * Persist one finished turn atomically: the new session (or its removal when null) and, when a message id
   * is given, the turn's result so a retried webhook gets the same answer without advancing again.
   */
  commitTurn(conversationId: string, turn: TurnCommit): Promise<void>;
  /**
   * Erase everything held about a conversation: session, handled-message results, replay keys, flood state.
   * Its replay keys of the last day (and `erasure.message`'s, the keys of the message that asked for it) live on as
   * anonymous tombstones, filed under the keys' digests alone, so nothing links them to the conversation: a
   * retry of one of those messages must not bring the person back (see `wasErased`). What is left is the erase
   * marker (`erasure.at`, for ERASE_MARKER_TTL_SECONDS): a message that arrived before it but reaches the store
   * after it (delayed on its way, or on another instance) is dropped, never answered, nothing stored.
   */
  erase(conversationId: string, erasure?: Erasure): Promise<void>;
  /** Whether the conversation was erased after a message that arrived at `arrivedAt` (see `erase`). */
  erasedSince(conversationId: string, arrivedAt: number): Promise<boolean>;
  /**
   * Whether a message with these keys belonged to a conversation erased since (within its replay window). Asked
   * only of a conversation with no session: had the erasure not happened (a crash before it), the retry must run.
   */
  wasErased(replay: ReplayKeys): Promise<boolean>;
  /**
   * Take the per-conversation lock so one person's messages are handled one after the other, across
   * processes, in arrival order (a ticket queue ordered by `arrivedAt`). Waits up to `waitMs`; returns null if the lock could
   * not be had in time. A holder (or waiter) that stops renewing is passed over once its `ttlMs` runs out.
   */
  lock(conversationId: string, options: LockOptions): Promise<Lock | null>;
  /**
   * One turn's storage in as few round trips as the store allows: take the conversation's lock and read its
   * session and (when `messageId` is given) that message's stored result. The returned turn must end with
   * exactly one of commit, erase or abandon, each of which releases the lock. Null if the lock wasn't had in time.
   */
  beginTurn(conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null>;
  /**
   * Take one message from the sender's flood budget (a token bucket): 'ok' while tokens remain; past it
   * 'notice' once (say "I'll answer in a moment"), then 'silent' until the bucket is full again. 'erased' when
   * the message arrived (`arrivedAt`) before the conversation was erased: the bucket is not touched.
   */
  takeFloodToken(conversationId: string, bucket: FloodBucket, arrivedAt?: number): Promise<FloodVerdict>;
  /** Add to the deployment's count of outbound segments on `day` (YYYY-MM-DD); returns that day's total. */
  addOutboundSegments(day: string, segments: number): Promise<number>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How many handled-message results (the replies to send again) a conversation keeps within their ttl.
 * Retries come from Twilio's connection-override retries or a fallback URL, moments after the original, while
 * the conversation's lock still queues anything newer, so the newest two cover them; an older replay is still
 * recognised (`wasHandled`, a few bytes a message for a day) and answered with nothing. Results are most of a
 * conversation's memory (bench:redis-memory), hence so few. Both stores trim back to `keep` once more than
 * `trimAbove` pile up.
 */
export const HANDLED_RESULTS = { keep: 2, trimAbove: 2 } as const;

export interface TurnCommit {
  session: string | null;
  sessionTtlSeconds: number;
  /**
   * This message's replay keys, remembered for `ttlSeconds` (a day), and its result (the replies to send again),
   * kept only `resultTtlSeconds` (default: as long): retries come within moments, and replies are most of a
   * conversation's memory.
   */
  handled?: { messageId: string; result: string; ttlSeconds: number; resultTtlSeconds?: number; idempotencyToken?: string };
}

/** What identifies a redelivery of one message: the provider's message id, and Twilio's idempotency token. */
export interface ReplayKeys {
  messageId?: string;
  idempotencyToken?: string;
}

/** The message whose turn erases a conversation: its replay keys are kept as tombstones for `ttlSeconds`. */
export interface ErasingMessage extends ReplayKeys {
  ttlSeconds: number;
}

export interface Erasure {
  /** When the erasing message arrived (ms since the epoch; default now): earlier arrivals are dropped after it. */
  at?: number;
  message?: ErasingMessage;
}

export interface FloodBucket {
  /** Messages a sender may send at once. */
  burst: number;
  /** One more message allowed every this many ms, up to `burst`. */
  refillMs: number;
}

export type FloodVerdict = 'ok' | 'notice' | 'silent' | 'erased';

/**
 * How long an erased conversation remembers when it was erased. Messages reach the store within seconds of
 * arriving, or once an outage ends (the spool); a day covers both.
 */
export const ERASE_MARKER_TTL_SECONDS = 86_400;

/**
 * The rule both stores apply (the Redis store in its scripts): a message that arrived before the erasure is
 * dropped; one that arrived in the same millisecond or later was queued after it and starts afresh. A message
 * with no arrival time (the chat page, a follow-up) is never dropped by it.
 */
export function arrivedBeforeErasure(arrivedAt: number | undefined, erasedAt: number | null | undefined): boolean {
  return arrivedAt !== undefined && erasedAt !== null && erasedAt !== undefined && arrivedAt < erasedAt;
}

/** Keep a day's outbound-segment count a little past the day, for late readers; then it goes. */
export const SEGMENT_COUNT_TTL_SECONDS = 2 * 86_400;

export interface LockOptions {
  /** How long a place in the queue (held or waiting) lasts unless renewed: the stall a dead process causes. */
  ttlMs: number;
  /** How long to wait for it. */
  waitMs: number;
  /** Renew the place this often while held or waiting (keep it well under ttlMs); no renewal when absent. */
  renewEveryMs?: number;
  /**
   * When the message reached us (ms since the epoch): the queue is ordered by it, not by when the ticket is
   * taken, so the awaits between a request's arrival and its ticket (reading the body, flood control) cannot
   * reorder one person's messages. It never overtakes the holder. Absent: the moment the ticket is taken.
   */
  arrivedAt?: number;
}

export interface Lock {
  release(): Promise<void>;
}

export interface BeginTurnOptions extends LockOptions, ReplayKeys {}

export interface StartedTurn {
  session: string | null;
  /** The stored result for `messageId`, if that message was handled before and its result is still kept. */
  handled: string | null;
  /** This message (by id or idempotency token) was handled within its replay window. */
  replayed: boolean;
  /** This message arrived before the conversation was erased (see Store.erase): drop it. */
  erased: boolean;
  commit(turn: TurnCommit): Promise<void>;
  /**
   * Erase the conversation (as Store.erase, marked with `at`), this turn's message among the tombstones for
   * `replayTtlSeconds`.
   */
  erase(replayTtlSeconds: number, at?: number): Promise<void>;
  /** Release the lock, writing nothing (a failed turn, or a duplicate). */
  abandon(): Promise<void>;
}

/** beginTurn from the basic operations, for stores where a round trip costs nothing (memory). */
export async function beginTurnStepByStep(store: Store, conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null> {
  const lock = await store.lock(conversationId, options);
  if (!lock) return null;
  try {
    const session = await store.getSession(conversationId);
    const handled = options.messageId ? await store.getHandledMessage(conversationId, options.messageId) : null;
    const replayed = handled !== null || (await store.wasHandled(conversationId, options)) || (session === null && (await store.wasErased(options)));
    const erased = options.arrivedAt !== undefined && (await store.erasedSince(conversationId, options.arrivedAt));
    const finish = (write: () => Promise<void>) => async () => {
      try {
        await write();
      } finally {
        await lock.release();
      }
    };
    return {
      session,
      handled,
      replayed,
      erased,
      commit: (turn) => finish(() => store.commitTurn(conversationId, turn))(),
      erase: (replayTtlSeconds, at) => finish(() => store.erase(conversationId, { ...(at !== undefined ? { at } : {}), message: erasingMessage(options, replayTtlSeconds) }))(),
      abandon: finish(async () => {}),
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}


/** The keys of the message a turn is handling, for the tombstones its erasure leaves. */
export function erasingMessage(replay: ReplayKeys, ttlSeconds: number): ErasingMessage {
  return { ...(replay.messageId ? { messageId: replay.messageId } : {}), ...(replay.idempotencyToken ? { idempotencyToken: replay.idempotencyToken } : {}), ttlSeconds };
}
