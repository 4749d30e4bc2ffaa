import { renderReplies } from '../channels/render-replies.js';
import type { RenderedMessage } from '../channels/rendered-message.js';
import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { InboundText } from '../conversation/engine.js';
import type { HandleResult, IncomingMessage, MessageHandler } from '../conversation/handle-message.js';
import type { Channel, Reply } from '../conversation/reply.js';
import type { FloodControl } from './flood-control.js';
import type { OutageSpool, SpooledMessage } from './outage-spool.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { SegmentBudget } from './segment-budget.js';

export interface DeliverTurnDeps {
  handleMessage: MessageHandler;
  logger: Logger;
  metrics: Metrics;
  /** The calm reply when the store can't be reached: from content, loaded at start. */
  fallback: () => Reply[];
  /** The turn's anonymous events (duty alerts, analytics): must not wait on anything, the resident's reply is waiting. */
  onEvents?: (events: AnalyticsEvent[], conversationId: string, channel: Channel) => void;
  /** Holds back a sender's messages past their budget (absent: no flood control). */
  floodControl?: FloodControl;
  segmentBudget?: SegmentBudget;
  /** The full crisis reply for a crisis message, with no store; null for any other message. */
  crisisReplies?: (text: string) => Promise<Reply[] | null>;
  /** Where messages go that cannot be handled now (store down, or the conversation's queue too long). */
  spool?: OutageSpool;
  /** The calm reply for a message kept in the spool: it will be answered once the store is back. */
  delayed?: () => Reply[];
}

/** What the webhook and the chat page deliver: always something a resident sent. */
export type IncomingText = IncomingMessage & { message: InboundText };

export type DeliveredTurn = { outcome: HandleResult['status'] | 'fallback' | 'flooded' | 'spooled'; messages: RenderedMessage[] };

/**
 * Run one message through the conversation and render the replies for its channel: the part the
 * webhook and the chat page share. Never throws. When the turn cannot run (the store is down, or the lock
 * was not had in time) a message with a reply address is kept in the spool, to be run and answered through
 * Twilio's REST API once the store is back, and answered now with a calm "I'll answer soon"; without a spool
 * it gets the fallback. A crisis message always gets the full crisis reply at once. A message that arrived
 * before its sender erased their conversation, and reaches us after, is answered with nothing (`erased`),
 * unless it is a crisis message: then the crisis reply, still with nothing stored (docs/clinical-safety.md, H1).
 */
export function createTurnDelivery(deps: DeliverTurnDeps) {
  const { logger, metrics } = deps;
  /** `requestId` goes into the turn's log lines: one compact line per turn, no logger made per request. */
  return async function deliverTurn(channel: Channel, incoming: IncomingText, requestId?: string, replyTo?: string): Promise<DeliveredTurn> {
    const stopTimer = metrics.turnSeconds.startTimer({ channel });
    metrics.messagesIn.inc({ channel });
    let outcome: DeliveredTurn['outcome'];
    let replies: Reply[];
    try {
      const held = await deps.floodControl?.(incoming);
      if (held?.erased) return finish(channel, 'erased', await crisisOnly(incoming), incoming, requestId, stopTimer);
      if (held) {
        metrics.flooded.inc({ answer: held.replies.length === 0 ? 'silence' : held.notice ? 'notice' : 'crisis' });
        return finish(channel, 'flooded', held.replies, incoming, requestId, stopTimer);
      }
      if (replyTo && deps.spool?.holds(incoming.conversationId)) {
        // Earlier messages of this conversation still wait in the spool: this one queues behind them, in order,
        // and is answered with theirs (a crisis message at once, in full).
        const crisis = await deps.crisisReplies?.(incoming.message.text).catch(() => null);
        await deps.spool.append(spooledFrom(channel, incoming, replyTo, Boolean(crisis)));
        metrics.spooled.inc({ reason: 'queued_behind' });
        return finish(channel, 'spooled', crisis ?? [], incoming, requestId, stopTimer);
      }
      const result = await deps.handleMessage(incoming);
      if (result.status === 'busy') {
        metrics.errors.inc({ kind: 'lock_timeout' });
        logger.warn({ requestId, conversation: short(incoming.conversationId) }, 'conversation busy: lock not acquired in time');
        ({ outcome, replies } = await keepForLater(channel, incoming, requestId, replyTo, 'busy'));
      } else {
        outcome = result.status;
        replies = result.status === 'erased' ? await crisisOnly(incoming) : result.replies;
      }
      if (result.status === 'handled') {
        for (const event of result.events) {
          metrics.events.inc({ event: event.name });
          if (event.name === 'campaign_started') metrics.countCampaign(event.props);
        }
        deps.onEvents?.(result.events, incoming.conversationId, channel);
      }
    } catch (error) {
      metrics.errors.inc({ kind: 'turn' });
      logger.error({ requestId, err: describeError(error), conversation: short(incoming.conversationId) }, 'turn failed');
      ({ outcome, replies } = await keepForLater(channel, incoming, requestId, replyTo, 'store'));
    }
    return finish(channel, outcome, replies, incoming, requestId, stopTimer);
  };

  /** What an erased conversation's late message gets: the crisis reply if it is a crisis message, else nothing. */
  async function crisisOnly(incoming: IncomingText): Promise<Reply[]> {
    return (await deps.crisisReplies?.(incoming.message.text).catch(() => null)) ?? [];
  }

  /** The spool when there is one (and a number to answer later), else the fallback; the crisis reply either way. */
  async function keepForLater(channel: Channel, incoming: IncomingText, requestId: string | undefined, replyTo: string | undefined, reason: 'busy' | 'store'): Promise<{ outcome: DeliveredTurn['outcome']; replies: Reply[] }> {
    const crisis = await deps.crisisReplies?.(incoming.message.text).catch(() => null);
    if (replyTo && deps.spool) {
      try {
        await deps.spool.append(spooledFrom(channel, incoming, replyTo, Boolean(crisis)));
        metrics.spooled.inc({ reason });
        return { outcome: 'spooled', replies: crisis ?? deps.delayed?.() ?? deps.fallback() };
      } catch (error) {
        logger.error({ requestId, err: describeError(error) }, 'could not write to the spool');
      }
    }
    return { outcome: 'fallback', replies: crisis ?? deps.fallback() };
  }

  function finish(channel: Channel, outcome: DeliveredTurn['outcome'], replies: Reply[], incoming: IncomingMessage, requestId: string | undefined, stopTimer: (labels: { outcome: string }) => void): DeliveredTurn {
    const messages = renderReplies(channel, replies);
    metrics.messagesOut.inc({ channel }, messages.length);
    let segments = 0;
    for (const m of messages) segments += m.segments;
    if (channel === 'sms') metrics.smsSegments.inc(segments);
    deps.segmentBudget?.record(segments);
    stopTimer({ outcome });
    // The turn's one log line. Twilio's MessageSid is its id for the message, not the resident's: it lets one
    // message be traced end to end. `arrivedAt` is the stamp its place in the queue was ordered by.
    logger.info({ requestId, conversation: short(incoming.conversationId), messageId: incoming.messageId, arrivedAt: incoming.arrivedAt, channel, outcome, messages: messages.length, segments }, 'turn');
    return { outcome, messages };
  }
}

export type TurnDelivery = ReturnType<typeof createTurnDelivery>;

function spooledFrom(channel: Channel, incoming: IncomingText, to: string, answered: boolean): Omit<SpooledMessage, 'seq' | 'at'> {
  return {
    channel,
    to,
    conversationId: incoming.conversationId,
    ...(incoming.messageId ? { messageId: incoming.messageId } : {}),
    ...(incoming.idempotencyToken ? { idempotencyToken: incoming.idempotencyToken } : {}),
    text: incoming.message.text,
    mediaCount: incoming.message.mediaCount ?? 0,
    ...(incoming.message.carrierOptOut ? { carrierOptOut: incoming.message.carrierOptOut } : {}),
    answered,
  };
}

/** Enough of a pseudonymous id to follow one conversation through the logs. */
function short(conversationId: string): string {
  return conversationId.slice(0, 8);
}

/** Error name and message only: a stack or a cause could carry request data. */
function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
