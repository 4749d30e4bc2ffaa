import { renderReplies } from '../channels/render-replies.js';
import type { SendResult, TwilioSender } from '../channels/twilio-sender.js';
import type { Reply } from '../conversation/reply.js';
import type { Contact } from './follow-up-records.js';
import { createRateQueue } from './rate-queue.js';

/** The resident opted out with the carrier: nothing more may be sent until they write START. */
export const OPTED_OUT = 21610;
/** WhatsApp: outside the 24-hour window, and not a template. */
export const OUTSIDE_WHATSAPP_WINDOW = 63016;

export type FollowUpSendResult =
  | { status: 'sent'; sids: string[] }
  /** WhatsApp without an approved template for this follow-up: not sent, counted. */
  | { status: 'skipped'; reason: 'no_template' }
  /** Twilio said this person can't be reached this way: stop every further send to them. */
  | { status: 'refused'; code: number }
  /** Worth another try later (rate limit, Twilio down): the job is retried with backoff. */
  | { status: 'retry'; reason: string }
  /** Anything else (a broken template, a bad number): recorded, never retried. */
  | { status: 'failed'; code?: number; reason: string };

export interface FollowUpSenderOptions {
  twilio: TwilioSender;
  /** ContentSid of the approved WhatsApp template per follow-up kind; a kind without one is not sent on WhatsApp. */
  templates: Record<string, string>;
  /** Values for the template's {{1}}, {{2}}… (the same for every follow-up: the service's name). */
  templateVariables?: Record<string, string>;
  messagesPerSecond: number;
  /** Tries within one job for a 429 or 5xx before handing back to the scheduler's backoff. */
  attempts?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends a follow-up outside any conversation through Twilio's REST API: SMS as the flow's own words; WhatsApp only
 * as an approved template (a week later the 24-hour window has long closed). Paced per sender number.
 */
export function createFollowUpSender(options: FollowUpSenderOptions) {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const waitTurn = createRateQueue(options.messagesPerSecond, sleep);
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 1000;

  async function withRetries(channel: Contact['channel'], send: () => Promise<SendResult>): Promise<SendResult> {
    let result: SendResult = { status: 'failed', reason: 'not sent' };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await waitTurn(channel);
      result = await send();
      if (result.status === 'sent' || !retryable(result)) return result;
      if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
    }
    return result;
  }

  /** WhatsApp needs an approved template for the follow-up; SMS can always be sent. */
  const canSend = (contact: Contact, followUp: string): boolean => contact.channel === 'sms' || Boolean(options.templates[followUp]);

  async function send(contact: Contact, followUp: string, replies: Reply[]): Promise<FollowUpSendResult> {
    const sends: Array<() => Promise<SendResult>> = [];
    if (contact.channel === 'whatsapp') {
      const contentSid = options.templates[followUp];
      if (!contentSid) return { status: 'skipped', reason: 'no_template' };
      sends.push(() => options.twilio.sendTemplate({ channel: 'whatsapp', to: contact.address, contentSid, variables: options.templateVariables ?? {} }));
    } else {
      for (const message of renderReplies('sms', replies)) sends.push(() => options.twilio.send({ channel: 'sms', to: contact.address, body: message.body }));
    }
    const sids: string[] = [];
    for (const send of sends) {
      const result = await withRetries(contact.channel, send);
      if (result.status === 'sent') {
        sids.push(result.sid);
        continue;
      }
      if (result.code === OPTED_OUT || result.code === OUTSIDE_WHATSAPP_WINDOW) return { status: 'refused', code: result.code };
      // Part of a follow-up already went: retrying would send that part twice, so report it as sent.
      if (sids.length) return { status: 'sent', sids };
      if (retryable(result)) return { status: 'retry', reason: result.reason };
      return { status: 'failed', reason: result.reason, ...(result.code !== undefined ? { code: result.code } : {}) };
    }
    return { status: 'sent', sids };
  }

  return { send, canSend };
}

export type FollowUpSender = ReturnType<typeof createFollowUpSender>;

/**
 * Only what Twilio answered "not now" to (429, 5xx). A timeout or a dropped connection is not retried: the message
 * may have gone (Twilio takes no idempotency key), and a doubled text is worse than one recorded as failed.
 */
function retryable(result: Extract<SendResult, { status: 'failed' }>): boolean {
  const http = result.httpStatus;
  return http !== undefined && (http === 429 || http >= 500);
}
