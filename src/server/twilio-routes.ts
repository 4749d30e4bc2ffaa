import type { Request, RequestHandler, Response } from 'express';
import { conversationIdFor } from '../channels/conversation-id.js';
import { parseTwilioInbound } from '../channels/parse-inbound.js';
import { parseTwilioStatus } from '../channels/parse-status.js';
import { deliveryErrorLabel } from '../channels/twilio-error-codes.js';
import { verifyTwilioSignature } from '../channels/twilio-signature.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import { channelSchema, type Channel } from '../conversation/reply.js';
import { arrivalOf } from './arrival-time.js';
import type { TurnDelivery } from './deliver-turn.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { toTwiml } from './twiml.js';

export interface TwilioRoutesOptions {
  authToken?: string;
  publicBaseUrl: string;
  idSecret: string;
  deliverTurn: TurnDelivery;
  handleMessage: MessageHandler;
  metrics: Metrics;
  onDeliveryStatus?: (messageSid: string, status: string, errorCode?: number) => Promise<unknown>;
}

const CHANNELS: readonly Channel[] = channelSchema.options;

/** Twilio's retry token is an opaque id; anything else in that header is ignored, not stored. */
const IDEMPOTENCY_TOKEN = /^[\w.:-]{1,128}$/;

/** Twilio errors that mean "this person can't be reached like this" and need recording. */
const OPTED_OUT = 21610;
const OUTSIDE_WHATSAPP_WINDOW = 63016;

/**
 * The webhook stays thin: check the signature, validate the form, pseudonymise the sender, hand over to the
 * conversation, answer with TwiML. Nothing here knows what the conversation is about. The handlers expect a
 * parsed urlencoded body; the app mounts them directly on their paths, sparing every webhook a nested router.
 */
export function twilioHandlers(options: TwilioRoutesOptions): { messages: RequestHandler; status: RequestHandler } {
  const signed = (req: Request, res: Response): boolean => {
    if (!options.authToken) return true;
    const ok = verifyTwilioSignature({
      authToken: options.authToken,
      url: options.publicBaseUrl + req.originalUrl,
      params: (req.body ?? {}) as Record<string, string>,
      signature: req.header('X-Twilio-Signature') ?? '',
    });
    if (!ok) {
      options.metrics.errors.inc({ kind: 'bad_signature' });
      (res.locals.log as Logger).warn('rejected a request with a missing or invalid Twilio signature');
      res.status(403).type('text/plain').send('Forbidden: the request signature is missing or invalid.');
    }
    return ok;
  };

  const messages: RequestHandler = async (req, res) => {
    if (!signed(req, res)) return;
    const parsed = parseTwilioInbound(req.body ?? {});
    if (parsed.status === 'invalid') {
      options.metrics.errors.inc({ kind: 'bad_request' });
      res.status(400).type('text/plain').send(`Bad request: ${parsed.issues.join('; ')}`);
      return;
    }
    const { message } = parsed;
    const token = req.header('I-Twilio-Idempotency-Token');
    const turn = await options.deliverTurn(
      message.channel,
      {
        conversationId: conversationIdFor(options.idSecret, message.channel, message.from),
        messageId: message.messageId,
        ...(token && IDEMPOTENCY_TOKEN.test(token) ? { idempotencyToken: token } : {}),
        ...arrivalOf(res),
        // A DELETE on one channel erases the same number's conversation on the others too.
        linkedConversationIds: CHANNELS.map((channel) => conversationIdFor(options.idSecret, channel, message.from)),
        // Kept only with consent: sealed for a follow-up, encrypted in a callback request.
        contact: { channel: message.channel, address: message.from },
        message: {
          text: message.text,
          mediaCount: message.mediaCount,
          ...(message.optOutType ? { carrierOptOut: message.optOutType } : {}),
          ...(message.referral ? { referral: message.referral } : {}),
        },
      },
      res.locals.log as Logger,
      message.from,
    );
    res.type('text/xml').send(toTwiml(turn.messages.map((m) => m.body)));
  };

  const status: RequestHandler = async (req, res) => {
    if (!signed(req, res)) return;
    const parsed = parseTwilioStatus(req.body ?? {});
    if (parsed.status === 'invalid') {
      res.status(400).type('text/plain').send(`Bad request: ${parsed.issues.join('; ')}`);
      return;
    }
    const { update } = parsed;
    const log = res.locals.log as Logger;
    await options.onDeliveryStatus?.(update.messageId, update.status, update.errorCode);
    if (update.errorCode !== undefined) {
      const code = deliveryErrorLabel(update.errorCode);
      options.metrics.deliveryFailures.inc({ channel: update.channel, code });
      log.warn({ channel: update.channel, status: update.status, errorCode: code }, 'message not delivered');
    }
    if (update.errorCode === OPTED_OUT) {
      // The resident opted out with their carrier: record it so nothing more is sent until START.
      await options.handleMessage({
        conversationId: conversationIdFor(options.idSecret, update.channel, update.to),
        contact: { channel: update.channel, address: update.to },
        message: { text: '', carrierOptOut: 'STOP' },
      });
    }
    if (update.errorCode === OUTSIDE_WHATSAPP_WINDOW) {
      log.warn('WhatsApp message sent outside the 24-hour window: an approved template is needed');
    }
    res.status(204).end();
  };

  return { messages, status };
}
