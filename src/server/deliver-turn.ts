import { renderReplies } from '../channels/render-replies.js';
import type { RenderedMessage } from '../channels/rendered-message.js';
import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { HandleResult, IncomingMessage, MessageHandler } from '../conversation/handle-message.js';
import type { Channel, Reply } from '../conversation/reply.js';
import type { FloodControl } from './flood-control.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { SegmentBudget } from './segment-budget.js';

export interface DeliverTurnDeps {
  handleMessage: MessageHandler;
  logger: Logger;
  metrics: Metrics;
  /** The calm reply when the store can't be reached: from content, loaded at start. */
  fallback: () => Reply[];
  onEvents?: (events: AnalyticsEvent[], conversationId: string) => void;
  /** Holds back a sender's messages past their budget (absent: no flood control). */
  floodControl?: FloodControl;
  segmentBudget?: SegmentBudget;
}

export type DeliveredTurn = { outcome: HandleResult['status'] | 'fallback' | 'flooded'; messages: RenderedMessage[] };

/**
 * Run one message through the conversation and render the replies for its channel: the part the
 * webhook and the chat page share. Never throws: a failure is logged and answered with the fallback.
 */
export function createTurnDelivery(deps: DeliverTurnDeps) {
  const { logger, metrics } = deps;
  return async function deliverTurn(channel: Channel, incoming: IncomingMessage, log: Logger = logger): Promise<DeliveredTurn> {
    const stopTimer = metrics.turnSeconds.startTimer({ channel });
    metrics.messagesIn.inc({ channel });
    let outcome: DeliveredTurn['outcome'];
    let replies: Reply[];
    try {
      const held = await deps.floodControl?.(incoming);
      if (held) {
        metrics.flooded.inc({ answer: held.replies.length === 0 ? 'silence' : held.notice ? 'notice' : 'crisis' });
        return finish(channel, 'flooded', held.replies, incoming, log, stopTimer);
      }
      const result = await deps.handleMessage(incoming);
      outcome = result.status;
      replies = result.status === 'busy' ? deps.fallback() : result.replies;
      if (result.status === 'handled') {
        for (const event of result.events) {
          metrics.events.inc({ event: event.name });
          if (event.name === 'campaign_started') metrics.countCampaign(event.props);
        }
        deps.onEvents?.(result.events, incoming.conversationId);
      }
      if (result.status === 'busy') {
        metrics.errors.inc({ kind: 'lock_timeout' });
        log.warn({ conversation: short(incoming.conversationId) }, 'conversation busy: lock not acquired in time, sent fallback');
      }
    } catch (error) {
      outcome = 'fallback';
      replies = deps.fallback();
      metrics.errors.inc({ kind: 'turn' });
      log.error({ err: describeError(error), conversation: short(incoming.conversationId) }, 'turn failed, sent fallback');
    }
    return finish(channel, outcome, replies, incoming, log, stopTimer);
  };

  function finish(channel: Channel, outcome: DeliveredTurn['outcome'], replies: Reply[], incoming: IncomingMessage, log: Logger, stopTimer: (labels: { outcome: string }) => void): DeliveredTurn {
    const messages = renderReplies(channel, replies);
    metrics.messagesOut.inc({ channel }, messages.length);
    const segments = messages.reduce((sum, m) => sum + m.segments, 0);
    if (channel === 'sms') metrics.smsSegments.inc(segments);
    deps.segmentBudget?.record(segments);
    stopTimer({ outcome });
    log.info({ conversation: short(incoming.conversationId), channel, outcome, messages: messages.length, segments: messages.map((m) => m.segments) }, 'turn');
    return { outcome, messages };
  }
}

export type TurnDelivery = ReturnType<typeof createTurnDelivery>;

/** Enough of a pseudonymous id to follow one conversation through the logs. */
function short(conversationId: string): string {
  return conversationId.slice(0, 8);
}

/** Error name and message only: a stack or a cause could carry request data. */
function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
