import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { AnalyticsEvent } from './analytics-event.js';
import type { Engine, InboundText, TurnResult } from './engine.js';
import { replySchema, type Channel, type Reply } from './reply.js';
import { parseSession, serialiseSession } from './session.js';

/** Who sent the message, for the few stages that may keep it with consent (a callback request). */
export interface Sender {
  channel: Channel;
  /** The phone number, +44… */
  address: string;
}

/**
 * Work a turn hands to the host inside the conversation's lock, after the engine and before anything is
 * saved: it may add replies and change the session (e.g. record a callback request and confirm it). If it
 * throws, nothing is saved and the resident gets the calm fallback, so nothing is half done.
 */
export type AfterTurn = (turn: { conversationId: string; sender?: Sender; result: TurnResult; now: number }) => Promise<void>;

export interface HandleMessageOptions {
  engine: Engine;
  store: Store;
  sessionTtlSeconds: number;
  /** How long a retried webhook is recognised (Twilio retries within minutes; keep a day). */
  dedupeTtlSeconds?: number;
  /** Lock held at most this long if a process dies mid-turn; wait at most `lockWaitMs` for it. */
  lockTtlMs?: number;
  lockWaitMs?: number;
  clock?: () => number;
  afterTurn?: AfterTurn;
}

export interface IncomingMessage {
  /** Pseudonymous conversation id (HMAC of channel and number), never the number itself. */
  conversationId: string;
  /** The provider's message id (Twilio MessageSid), for idempotency; absent for the chat page. */
  messageId?: string;
  message: InboundText;
  /** Absent for the chat page, which has no number. */
  sender?: Sender;
}

export type HandleResult =
  | { status: 'handled'; replies: Reply[]; events: AnalyticsEvent[]; erased: boolean }
  | { status: 'duplicate'; replies: Reply[] }
  | { status: 'busy' };

const storedRepliesSchema = z.array(replySchema);

/**
 * One inbound message, end to end, for any channel: take the conversation's lock, recognise a retried
 * message, run the engine, and persist the new session together with this message's replies. A failed
 * turn persists nothing, so a retry can process it again. Store errors propagate to the caller.
 */
export function createMessageHandler(options: HandleMessageOptions) {
  const { engine, store, sessionTtlSeconds } = options;
  const dedupeTtlSeconds = options.dedupeTtlSeconds ?? 86_400;
  const lockOptions = { ttlMs: options.lockTtlMs ?? 10_000, waitMs: options.lockWaitMs ?? 8_000 };
  const clock = options.clock ?? Date.now;

  return async function handleMessage({ conversationId, messageId, message, sender }: IncomingMessage): Promise<HandleResult> {
    const turn = await store.beginTurn(conversationId, { ...lockOptions, ...(messageId ? { messageId } : {}) });
    if (!turn) return { status: 'busy' };
    let finished = false;
    try {
      const earlier = turn.handled === null ? null : storedRepliesSchema.safeParse(JSON.parse(turn.handled));
      if (earlier?.success) return { status: 'duplicate', replies: earlier.data };
      const now = clock();
      const result = await engine.runTurn({ session: parseSession(turn.session), message, now });
      await options.afterTurn?.({ conversationId, ...(sender ? { sender } : {}), result, now });
      finished = true;
      if (result.session === null) {
        // Erasure means everything: not even this message's replies are kept for a retry to find.
        await turn.erase();
      } else {
        await turn.commit({
          session: serialiseSession(result.session),
          sessionTtlSeconds,
          ...(messageId ? { handled: { messageId, result: JSON.stringify(result.replies), ttlSeconds: dedupeTtlSeconds } } : {}),
        });
      }
      return { status: 'handled', replies: result.replies, events: result.events, erased: result.session === null };
    } finally {
      if (!finished) await turn.abandon();
    }
  };
}

export type MessageHandler = ReturnType<typeof createMessageHandler>;
