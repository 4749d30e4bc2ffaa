import type { IncomingMessage, ServerResponse } from 'node:http';
import { conversationIdFor } from '../channels/conversation-id.js';
import { parseTwilioInbound } from '../channels/parse-inbound.js';
import { parseTwilioStatus } from '../channels/parse-status.js';
import { deliveryErrorLabel } from '../channels/twilio-error-codes.js';
import { verifyTwilioSignature } from '../channels/twilio-signature.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import { channelSchema, type Channel } from '../conversation/reply.js';
import type { TurnDelivery } from './deliver-turn.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { readForm, type Form, type FormLimits } from './read-form.js';
import { toTwiml } from './twiml.js';

export interface TwilioRoutesOptions {
  authToken?: string;
  /** Twilio posts small forms; anything bigger is refused before it is read. */
  formLimits: FormLimits;
  logger: Logger;
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

/** A webhook on node's own request and response: express's are these too, so either may serve it. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, requestId: string, arrivedAt: number) => Promise<void>;

/**
 * The webhook stays thin: read the form, check the signature, validate the form, pseudonymise the sender,
 * hand over to the conversation, answer with TwiML. Nothing here knows what the conversation is about. The
 * handlers read their own urlencoded body and need nothing from express, so the app can serve them ahead
 * of its router (they are nearly all the traffic).
 */
export function twilioHandlers(options: TwilioRoutesOptions): { messages: WebhookHandler; status: WebhookHandler } {
  const signed = (req: IncomingMessage, res: ServerResponse, form: Form, requestId: string): boolean => {
    if (!options.authToken) return true;
    const ok = verifyTwilioSignature({
      authToken: options.authToken,
      url: options.publicBaseUrl + req.url,
      params: form as Record<string, string | string[]>,
      signature: header(req, 'x-twilio-signature') ?? '',
    });
    if (!ok) {
      options.metrics.errors.inc({ kind: 'bad_signature' });
      options.logger.warn({ requestId }, 'rejected a request with a missing or invalid Twilio signature');
      answer(res, 403, 'text/plain', 'Forbidden: the request signature is missing or invalid.');
    }
    return ok;
  };

  const messages: WebhookHandler = async (req, res, requestId, arrivedAt) => {
    const form = await readForm(req, options.formLimits);
    if (!signed(req, res, form, requestId)) return;
    const parsed = parseTwilioInbound(form);
    if (parsed.status === 'invalid') {
      options.metrics.errors.inc({ kind: 'bad_request' });
      answer(res, 400, 'text/plain', `Bad request: ${parsed.issues.join('; ')}`);
      return;
    }
    const { message } = parsed;
    const token = header(req, 'i-twilio-idempotency-token');
    // The number's conversation on every channel, this one's among them: one HMAC per channel, none twice.
    const linkedConversationIds = CHANNELS.map((channel) => conversationIdFor(options.idSecret, channel, message.from));
    const turn = await options.deliverTurn(
      message.channel,
      {
        conversationId: linkedConversationIds[CHANNELS.indexOf(message.channel)]!,
        messageId: message.messageId,
        ...(token && IDEMPOTENCY_TOKEN.test(token) ? { idempotencyToken: token } : {}),
        arrivedAt,
        // A DELETE on one channel erases the same number's conversation on the others too.
        linkedConversationIds,
        // Kept only with consent: sealed for a follow-up, encrypted in a callback request.
        contact: { channel: message.channel, address: message.from },
        message: {
          text: message.text,
          mediaCount: message.mediaCount,
          ...(message.optOutType ? { carrierOptOut: message.optOutType } : {}),
          ...(message.referral ? { referral: message.referral } : {}),
        },
      },
      requestId,
      message.from,
    );
    answer(res, 200, 'text/xml', toTwiml(turn.messages.map((m) => m.body)));
  };

  const status: WebhookHandler = async (req, res, requestId) => {
    const form = await readForm(req, options.formLimits);
    if (!signed(req, res, form, requestId)) return;
    const parsed = parseTwilioStatus(form);
    if (parsed.status === 'invalid') {
      answer(res, 400, 'text/plain', `Bad request: ${parsed.issues.join('; ')}`);
      return;
    }
    const { update } = parsed;
    await options.onDeliveryStatus?.(update.messageId, update.status, update.errorCode);
    if (update.errorCode !== undefined) {
      const code = deliveryErrorLabel(update.errorCode);
      options.metrics.deliveryFailures.inc({ channel: update.channel, code });
      options.logger.warn({ requestId, channel: update.channel, status: update.status, errorCode: code }, 'message not delivered');
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
      options.logger.warn({ requestId }, 'WhatsApp message sent outside the 24-hour window: an approved template is needed');
    }
    res.statusCode = 204;
    res.end();
  };

  return { messages, status };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A short answer, typed as express's `res.type(...).send(text)` would type it. */
export function answer(res: ServerResponse, status: number, type: 'text/plain' | 'text/xml', text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
