import type twilio from 'twilio';
import type { Channel } from '../conversation/reply.js';
import { createTwilioHttpClient } from './twilio-http-client.js';

export type TwilioClient = ReturnType<typeof twilio>;

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** Our SMS number (E.164) or a Messaging Service SID (MG…). */
  smsFrom: string;
  /** Our WhatsApp sender (E.164, without `whatsapp:`) or a Messaging Service SID (MG…). */
  whatsappFrom: string;
  statusCallbackUrl?: string;
  /** Send to this base URL instead of https://api.twilio.com: an egress proxy, or a Twilio double in a benchmark. */
  apiBaseUrl?: string;
  /** Keep connections to Twilio open between sends (the follow-up worker); off for a web process's rare sends. */
  keepAlive?: boolean;
  /** For tests or shared use; otherwise one is built on createTwilioHttpClient. */
  client?: TwilioClient;
}

export interface OutboundText {
  channel: Channel;
  /** E.164, without `whatsapp:`. */
  to: string;
  body: string;
}

/** An approved WhatsApp template: the only way to write first, or again after the 24 h window. */
export interface OutboundTemplate {
  channel: 'whatsapp';
  to: string;
  contentSid: string;
  variables: Record<string, string>;
}

/** `httpStatus` lets a caller retry what is worth retrying (429, 5xx) and nothing else. */
export type SendResult = { status: 'sent'; sid: string } | { status: 'failed'; code?: number; httpStatus?: number; reason: string };

export interface TwilioSender {
  send(message: OutboundText): Promise<SendResult>;
  sendTemplate(message: OutboundTemplate): Promise<SendResult>;
}

type CreateParams = Parameters<TwilioClient['messages']['create']>[0];

const SEND_TIMEOUT_MS = 10_000;

/**
 * Sends through Twilio's Messages API, one message at a time per recipient so a person's messages arrive in
 * the order they were sent. Never throws and never logs: failures come back as results, with any phone
 * number in Twilio's wording blanked out.
 */
export function createTwilioSender(config: TwilioSenderConfig): TwilioSender {
  // A shorter timeout than the SDK's 30 s, because a stuck send holds up that person's later messages.
  // The SDK (large, and only needed to send) is loaded with the first message sent, not when the server starts.
  let client: Promise<TwilioClient> | undefined;
  const clientOf = () => (client ??= config.client ? Promise.resolve(config.client) : createClient(config));
  const queues = new Map<string, Promise<SendResult>>();

  function inOrder(recipient: string, task: () => Promise<SendResult>): Promise<SendResult> {
    const run = (queues.get(recipient) ?? Promise.resolve()).then(task);
    queues.set(recipient, run);
    const forget = () => void (queues.get(recipient) === run && queues.delete(recipient));
    void run.then(forget, forget);
    return run;
  }

  function create(channel: Channel, to: string, fields: Partial<CreateParams>): Promise<SendResult> {
    const params = {
      ...fields,
      ...fromFields(channel === 'sms' ? config.smsFrom : config.whatsappFrom, channel),
      to: address(channel, to),
      ...(config.statusCallbackUrl ? { statusCallback: config.statusCallbackUrl } : {}),
    } as CreateParams;
    return inOrder(`${channel}:${to}`, () =>
      clientOf().then((c) => c.messages.create(params)).then(
        (message): SendResult => ({ status: 'sent', sid: message.sid }),
        (error: unknown): SendResult => toFailure(error),
      ),
    );
  }

  return {
    send: ({ channel, to, body }) => create(channel, to, { body }),
    sendTemplate: ({ channel, to, contentSid, variables }) =>
      create(channel, to, { contentSid, contentVariables: JSON.stringify(variables) }),
  };
}

async function createClient(config: TwilioSenderConfig): Promise<TwilioClient> {
  const { default: sdk } = await import('twilio');
  return sdk(config.accountSid, config.authToken, {
    // The SDK types its transport as its own class; it only ever calls request().
    httpClient: createTwilioHttpClient({ timeoutMs: SEND_TIMEOUT_MS, keepAlive: config.keepAlive ?? false, ...(config.apiBaseUrl ? { baseUrl: config.apiBaseUrl } : {}) }) as unknown as InstanceType<typeof sdk.RequestClient>,
  });
}

function address(channel: Channel, phone: string): string {
  return channel === 'whatsapp' ? `whatsapp:${phone}` : phone;
}

/** A Messaging Service SID goes in its own field (Twilio then picks the number); a number goes in From. */
function fromFields(from: string, channel: Channel): Partial<CreateParams> {
  return /^MG[0-9a-f]{32}$/i.test(from) ? { messagingServiceSid: from } : { from: address(channel, from) };
}

function toFailure(error: unknown): SendResult {
  const code = numberField(error, 'code');
  const httpStatus = numberField(error, 'status');
  const reason = redactNumbers(error instanceof Error ? error.message : String(error)) || 'unknown error';
  return { status: 'failed', reason, ...(code !== undefined ? { code } : {}), ...(httpStatus !== undefined ? { httpStatus } : {}) };
}

function numberField(error: unknown, field: 'code' | 'status'): number | undefined {
  const value = typeof error === 'object' && error && field in error ? (error as Record<string, unknown>)[field] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** Twilio sometimes quotes the recipient ("The 'To' number +44… is not valid"); results may end up in logs. */
function redactNumbers(text: string): string {
  return text.replace(/\+?\d[\d ()-]{6,}\d/g, '[number]');
}
