import { conversationIdFor } from '../channels/conversation-id.js';
import { renderReplies } from '../channels/render-replies.js';
import type { TwilioSender } from '../channels/twilio-sender.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import { channelSchema } from '../conversation/reply.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { OutageSpool, SpooledMessage } from './outage-spool.js';

export interface SpoolReplayDeps {
  spool: OutageSpool;
  handleMessage: MessageHandler;
  sender: TwilioSender;
  idSecret: string;
  logger: Logger;
  metrics: Metrics;
  /** How often to look for spooled messages and try the store. */
  everyMs?: number;
}

/**
 * Replay the spool in arrival order once the store answers again: each message runs its turn as if it had just
 * arrived (its MessageSid still recognises a retry) and its replies go out through Twilio's REST API, one
 * after the other. The first message the store still cannot take stops the round; the next round starts
 * where it stopped. Progress is written to the spool before each step, so a replay cut short by a crash resumes
 * with the replies not yet sent and never sends one twice.
 */
export function startSpoolReplay(deps: SpoolReplayDeps) {
  const { spool, logger, metrics } = deps;
  let running: Promise<void> | null = null;

  async function replayOne(record: SpooledMessage): Promise<boolean> {
    // Begun before: its turn may have run (and some replies gone out) before the process died.
    const resumed = spool.progressOf(record.seq) !== null;
    if (!resumed) await spool.recordProgress(record.seq, 0);
    let result: Awaited<ReturnType<MessageHandler>>;
    try {
      result = await deps.handleMessage({
        conversationId: record.conversationId,
        ...(record.messageId ? { messageId: record.messageId } : {}),
        ...(record.idempotencyToken ? { idempotencyToken: record.idempotencyToken } : {}),
        // Its place in the conversation's queue is when it arrived, ahead of anything that came after.
        arrivedAt: record.at,
        linkedConversationIds: channelSchema.options.map((channel) => conversationIdFor(deps.idSecret, channel, record.to)),
        contact: { channel: record.channel, address: record.to },
        message: { text: record.text, mediaCount: record.mediaCount, ...(record.carrierOptOut ? { carrierOptOut: record.carrierOptOut } : {}) },
      });
    } catch {
      return false; // the store is still down
    }
    if (result.status === 'busy') return false;
    // A duplicate is this replay's own turn when it had begun before (the replies it kept are still to send);
    // otherwise the message was answered elsewhere (a retry Twilio sent another instance) and sends nothing.
    const owed = result.status === 'handled' || (result.status === 'duplicate' && resumed) ? result.replies : [];
    if (!record.answered) await sendOnce(record, renderReplies(record.channel, owed));
    await spool.markDone(record.seq);
    // Erased: the person erased the conversation after this arrived (perhaps on another instance), so it is dropped.
    const outcome = result.status === 'handled' ? (record.answered ? 'answered_before' : 'sent') : result.status === 'erased' ? 'erased' : 'already_handled';
    metrics.replayed.inc({ result: outcome });
    logger.info({ messageId: record.messageId, channel: record.channel, outcome: result.status, replay: outcome }, 'replayed a spooled message');
    return true;
  }

  /**
   * Each reply at most once: that it is going out is on disk before the send, so a crash between the send and
   * Twilio's answer moves on to the next reply after a restart instead of texting the resident twice.
   */
  async function sendOnce(record: SpooledMessage, messages: Array<{ body: string }>): Promise<void> {
    for (let part = spool.progressOf(record.seq) ?? 0; part < messages.length; part++) {
      await spool.recordProgress(record.seq, part + 1);
      const sent = await deps.sender.send({ channel: record.channel, to: record.to, body: messages[part]!.body });
      if (sent.status === 'failed') logger.warn({ channel: record.channel, code: sent.code, reason: sent.reason }, 'could not send a reply to a spooled message');
    }
  }

  async function round(): Promise<void> {
    // A message erased (DELETE) while the round ran is no longer pending: it is skipped, never run.
    for (const record of spool.pending()) if (spool.isPending(record.seq) && !(await replayOne(record))) return;
  }

  /** Run one round now (or wait for the one under way). */
  function drain(): Promise<void> {
    running ??= round()
      .catch((error: unknown) => logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'spool replay failed'))
      .finally(() => (running = null));
    return running;
  }

  const timer = setInterval(() => {
    if (spool.pending().length > 0) void drain();
  }, deps.everyMs ?? 250);
  timer.unref();
  return {
    drain,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

export type SpoolReplay = ReturnType<typeof startSpoolReplay>;
