import type { Contact } from '../followups/follow-up-records.js';
import type { Store } from '../store/store.js';
import type { AnalyticsEvent } from './analytics-event.js';
import type { Engine, HostAction, InboundText, TurnEvent, TurnResult } from './engine.js';
import { plainReplyCodec, type ReplyCodec } from './reply-codec.js';
import type { Reply } from './reply.js';
import { parseSession, serialiseSession, type Session } from './session.js';

/**
 * Work a turn hands to the host inside the conversation's lock, after the engine and before anything is
 * saved: it may add replies and change the session (e.g. record a callback request and confirm it). If it
 * throws, nothing is saved and the resident gets the calm fallback, so nothing is half done. What need not
 * hold up the reply (telling the team about a request) goes to `afterReply`: run only if the turn is saved,
 * once its reply has gone; it must not throw.
 */
export type AfterTurn = (turn: { conversationId: string; contact?: Contact; result: TurnResult; now: number; afterReply: (work: () => void) => void }) => Promise<void>;

export interface HandleMessageOptions {
  engine: Engine;
  store: Store;
  sessionTtlSeconds: number;
  /** How long a retried webhook is recognised (Twilio retries within minutes; keep a day). */
  dedupeTtlSeconds?: number;
  /**
   * How long a handled message's replies are kept for a retry to be sent them again. Twilio retries within
   * seconds (connection overrides, a fallback URL); a later replay is still recognised and answered with nothing.
   */
  resultTtlSeconds?: number;
  /** How those replies are kept (default: plain JSON; the server keeps them as references to content texts). */
  replyCodec?: ReplyCodec;
  /**
   * A turn's place in the conversation's queue lasts `lockTtlMs` unless renewed (every third of it while the
   * turn runs), so a process that dies mid-turn holds up the next message about that long; wait at most
   * `lockWaitMs` for our turn.
   */
  lockTtlMs?: number;
  lockWaitMs?: number;
  clock?: () => number;
  /** Carries out what a turn asked for once it is committed (schedule or cancel follow-ups). */
  applyActions?: (conversationId: string, actions: HostAction[], contact: Contact | undefined) => Promise<void>;
  afterTurn?: AfterTurn;
  /**
   * Told once a turn has erased a person (the conversation and its linked ones), with when the erasing message
   * arrived: the host removes what it keeps outside the store (messages waiting in the outage spool).
   */
  onErased?: (conversationIds: string[], arrivedAt: number) => Promise<void>;
}

/** A message from a resident, or another event (a due follow-up), for one conversation. */
export type IncomingMessage = {
  /** Pseudonymous conversation id (HMAC of channel and number), never the number itself. */
  conversationId: string;
  /** The provider's message id (Twilio MessageSid), for idempotency; absent for the chat page. */
  messageId?: string;
  /** Twilio's I-Twilio-Idempotency-Token, the same on every retry of one webhook. */
  idempotencyToken?: string;
  /** When the message reached us (ms since the epoch): one person's messages are handled in this order. */
  arrivedAt?: number;
  /**
   * The same person's conversations on other channels (SMS and WhatsApp of one number): erased with this one
   * when they ask for everything to be deleted.
   */
  linkedConversationIds?: string[];
  /**
   * The resident's number (absent for the chat page). Kept only with consent: sealed for a follow-up they agree
   * to in this turn, or encrypted in a callback request they make.
   */
  contact?: Contact;
} & ({ message: InboundText } | { event: TurnEvent });

export type HandleResult =
  | { status: 'handled'; replies: Reply[]; events: AnalyticsEvent[]; erased: boolean }
  | { status: 'duplicate'; replies: Reply[] }
  /** Arrived before the person erased the conversation, handled after: dropped, never answered, nothing kept. */
  | { status: 'erased'; replies: [] }
  | { status: 'busy' };

/**
 * One inbound message, end to end, for any channel: take the conversation's lock, recognise a retried
 * message, run the engine, and persist the new session together with this message's replies. A failed
 * turn persists nothing, so a retry can process it again. Store errors propagate to the caller.
 */
export function createMessageHandler(options: HandleMessageOptions) {
  const { engine, store, sessionTtlSeconds } = options;
  const dedupeTtlSeconds = options.dedupeTtlSeconds ?? 86_400;
  const resultTtlSeconds = options.resultTtlSeconds ?? 600;
  const replyCodec = options.replyCodec ?? plainReplyCodec;
  const lockTtlMs = options.lockTtlMs ?? 2_000;
  const lockOptions = { ttlMs: lockTtlMs, waitMs: options.lockWaitMs ?? 8_000, renewEveryMs: Math.max(1, Math.floor(lockTtlMs / 3)) };
  const clock = options.clock ?? Date.now;

  return async function handleMessage(incoming: IncomingMessage): Promise<HandleResult> {
    const { conversationId, messageId, idempotencyToken, arrivedAt, linkedConversationIds = [] } = incoming;
    const replayKeys = { ...(messageId ? { messageId } : {}), ...(idempotencyToken ? { idempotencyToken } : {}) };
    const turn = await store.beginTurn(conversationId, { ...lockOptions, ...replayKeys, ...(arrivedAt ? { arrivedAt } : {}) });
    if (!turn) return { status: 'busy' };
    let finished = false;
    try {
      if (turn.erased) return { status: 'erased', replies: [] };
      const earlier = turn.handled === null ? null : replyCodec.decode(turn.handled);
      if (earlier) return { status: 'duplicate', replies: earlier };
      // Handled before, but too long ago for its replies to be kept: never processed twice, answered with nothing.
      if (turn.replayed) return { status: 'duplicate', replies: [] };
      const now = clock();
      const input = 'event' in incoming ? { event: incoming.event } : { message: incoming.message };
      const result = await engine.runTurn({ session: parseSession(turn.session), now, ...input });
      const afterReply: (() => void)[] = [];
      await options.afterTurn?.({ conversationId, ...(incoming.contact ? { contact: incoming.contact } : {}), result, now, afterReply: (work) => afterReply.push(work) });
      finished = true;
      const others = linkedConversationIds.filter((linked) => linked !== conversationId);
      if (result.session === null) {
        // Erasure means everything, on every channel: not even this message's replies are kept for a retry.
        // Marked with when the erasing message arrived: an earlier message handled after this is dropped.
        const erasedAt = arrivedAt ?? now;
        await turn.erase(dedupeTtlSeconds, erasedAt);
        for (const linked of others) await store.erase(linked, { at: erasedAt });
        await options.onErased?.([conversationId, ...others], erasedAt);
      } else {
        await turn.commit({
          session: serialiseSession(result.session),
          sessionTtlSeconds: ttlFor(result.session, now, sessionTtlSeconds),
          ...(messageId
            ? { handled: { messageId, result: replyCodec.encode(result.replies), ttlSeconds: dedupeTtlSeconds, resultTtlSeconds, ...(idempotencyToken ? { idempotencyToken } : {}) } }
            : {}),
        });
      }
      if (result.actions.length) await options.applyActions?.(conversationId, result.actions, incoming.contact);
      // Follow-ups agreed on the person's other channels hold their number too: they go with the rest.
      if (result.session === null) for (const linked of others) await options.applyActions?.(linked, [{ type: 'cancel_follow_ups' }], incoming.contact);
      // Callers render and answer within the tick this resolves in (the webhook, the chat page), so work queued
      // for the next turn of the event loop starts once the reply is written, never inside the resident's wait.
      if (afterReply.length) setImmediate(() => afterReply.forEach((work) => work()));
      return { status: 'handled', replies: result.replies, events: result.events, erased: result.session === null };
    } finally {
      if (!finished) await turn.abandon();
    }
  };
}

export type MessageHandler = ReturnType<typeof createMessageHandler>;

/** A session waiting on an agreed follow-up is kept until then, and the usual time after it. */
function ttlFor(session: Session, now: number, base: number): number {
  const last = Math.max(now, ...Object.values(session.followUps ?? {}));
  return base + Math.ceil((last - now) / 1000);
}
