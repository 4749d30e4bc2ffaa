import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { AnalyticsEvent } from './analytics-event.js';
import type { Contact } from '../followups/follow-up-records.js';
import type { Engine, HostAction, InboundText, TurnEvent } from './engine.js';
import { replySchema, type Reply } from './reply.js';
import { parseSession, serialiseSession, type Session } from './session.js';

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
  /** Carries out what a turn asked for once it is committed (schedule or cancel follow-ups). */
  applyActions?: (conversationId: string, actions: HostAction[], contact: Contact | undefined) => Promise<void>;
}

/** A message from a resident, or another event (a due follow-up), for one conversation. */
export type IncomingMessage = {
  /** Pseudonymous conversation id (HMAC of channel and number), never the number itself. */
  conversationId: string;
  /** The provider's message id (Twilio MessageSid), for idempotency; absent for the chat page. */
  messageId?: string;
  /** Where a follow-up the resident agrees to in this turn would go; used only then, and kept only sealed. */
  contact?: Contact;
} & ({ message: InboundText } | { event: TurnEvent });

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

  return async function handleMessage(incoming: IncomingMessage): Promise<HandleResult> {
    const { conversationId, messageId } = incoming;
    const turn = await store.beginTurn(conversationId, { ...lockOptions, ...(messageId ? { messageId } : {}) });
    if (!turn) return { status: 'busy' };
    let finished = false;
    try {
      const earlier = turn.handled === null ? null : storedRepliesSchema.safeParse(JSON.parse(turn.handled));
      if (earlier?.success) return { status: 'duplicate', replies: earlier.data };
      const now = clock();
      const input = 'event' in incoming ? { event: incoming.event } : { message: incoming.message };
      const result = await engine.runTurn({ session: parseSession(turn.session), now, ...input });
      finished = true;
      if (result.session === null) {
        // Erasure means everything: not even this message's replies are kept for a retry to find.
        await turn.erase();
      } else {
        await turn.commit({
          session: serialiseSession(result.session),
          sessionTtlSeconds: ttlFor(result.session, now, sessionTtlSeconds),
          ...(messageId ? { handled: { messageId, result: JSON.stringify(result.replies), ttlSeconds: dedupeTtlSeconds } } : {}),
        });
      }
      if (result.actions.length) await options.applyActions?.(conversationId, result.actions, incoming.contact);
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
