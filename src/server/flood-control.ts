import type { IncomingMessage } from '../conversation/handle-message.js';
import type { Reply } from '../conversation/reply.js';
import type { FloodBucket, Store } from '../store/store.js';

export interface FloodControlDeps {
  store: Store;
  bucket: FloodBucket;
  /** "I'll answer in a moment", from content. */
  notice: () => Reply[];
  /** The full crisis reply when the text is a crisis message, else null: needs no store. */
  crisisReplies: (text: string) => Promise<Reply[] | null>;
}

/**
 * Per-sender flood control, before a message reaches the conversation. Within the sender's budget: null (go
 * on). Past it: one calm notice, then silence until the budget refills; a crisis message is always answered
 * in full. A message that arrived before the person erased their conversation is held back with nothing
 * (`erased`), and starts no new budget. If the store cannot be asked, the message goes on: the turn itself
 * will meet the outage and be kept for later, so nothing is refused for our fault.
 */
export function createFloodControl(deps: FloodControlDeps) {
  return async function holdBackFlood(incoming: IncomingMessage): Promise<{ replies: Reply[]; notice: boolean; erased?: true } | null> {
    // Only what a resident sends counts against their budget; the bot's own events (a due follow-up) never do.
    if (!('message' in incoming)) return null;
    const verdict = await deps.store.takeFloodToken(incoming.conversationId, deps.bucket, incoming.arrivedAt).catch(() => 'ok' as const);
    if (verdict === 'ok') return null;
    if (verdict === 'erased') return { replies: [], notice: false, erased: true };
    const crisis = await deps.crisisReplies(incoming.message.text);
    if (crisis) return { replies: crisis, notice: false };
    return { replies: verdict === 'notice' ? deps.notice() : [], notice: verdict === 'notice' };
  };
}

export type FloodControl = ReturnType<typeof createFloodControl>;
