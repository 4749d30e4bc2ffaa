import { parseTwilioAddress } from './twilio-address.js';
import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';
import { describeIssues } from './zod-issues.js';

/** Every MessageStatus Twilio documents for messages. */
export const messageStatusSchema = z.enum([
  'accepted',
  'scheduled',
  'canceled',
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'receiving',
  'received',
  'read',
  'partially_delivered',
]);

/** Twilio's status callback form body. Fields we do not use are left out, never refused (see parse-inbound.ts). */
export const twilioStatusFormSchema = z.object({
  MessageSid: z.string({ error: 'missing' }).min(1, 'missing'),
  MessageStatus: messageStatusSchema,
  ErrorCode: z.string().regex(/^\d*$/, 'not a number').optional(),
  /** The resident's address: `whatsapp:+44…` or `+44…`. */
  To: z.string({ error: 'missing' }),
});

export const statusUpdateSchema = z.object({
  messageId: z.string(),
  status: messageStatusSchema,
  errorCode: z.number().int().optional(),
  channel: channelSchema,
  /** The resident the message was for (E.164): needed to record an opt-out (21610); never logged. */
  to: z.string(),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

export type StatusParseResult = { status: 'ok'; update: StatusUpdate } | { status: 'invalid'; issues: string[] };

/** Validate a Twilio status callback; e.g. `failed` with 63016 is a WhatsApp send outside the 24 h window. */
export function parseTwilioStatus(body: unknown): StatusParseResult {
  const parsed = twilioStatusFormSchema.safeParse(body);
  if (!parsed.success) return { status: 'invalid', issues: describeIssues(parsed.error) };
  const form = parsed.data;
  const to = parseTwilioAddress(form.To);
  if (to.status === 'invalid') return { status: 'invalid', issues: [`To: ${to.reason}`] };
  return {
    status: 'ok',
    update: {
      messageId: form.MessageSid,
      status: form.MessageStatus,
      ...(form.ErrorCode ? { errorCode: Number(form.ErrorCode) } : {}),
      channel: to.channel,
      to: to.phone,
    },
  };
}
