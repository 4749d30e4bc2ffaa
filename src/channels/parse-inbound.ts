import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';
import { adReferralSchema } from '../conversation/turn/turn-event.js';
import { parseTwilioAddress } from './twilio-address.js';
import { describeIssues } from './zod-issues.js';

const optOutTypeSchema = z.enum(['STOP', 'START', 'HELP']);

/** `+44…` or `whatsapp:+44…`, read into its channel and bare E.164 number. */
const addressSchema = z.string({ error: 'missing' }).transform((value, ctx) => {
  const address = parseTwilioAddress(value);
  if (address.status === 'ok') return address;
  ctx.addIssue({ code: 'custom', message: address.reason });
  return z.NEVER;
});

/**
 * Twilio's messaging webhook form body (SMS and WhatsApp). Fields we do not use are left out, never refused: a strict
 * or pass-through object would cost zod's fast path (6x slower on Twilio's twenty-odd fields, on every message).
 */
export const twilioInboundFormSchema = z.object({
  MessageSid: z.string().optional(),
  /** Older name of MessageSid; Twilio still sends both for SMS. */
  SmsMessageSid: z.string().optional(),
  AccountSid: z.string({ error: 'missing' }).regex(/^AC[0-9a-fA-F]{32}$/, 'not a Twilio account SID'),
  From: addressSchema,
  To: addressSchema,
  Body: z.string().optional(),
  NumMedia: z.string().regex(/^\d+$/, 'not a number').optional(),
  ProfileName: z.string().optional(),
  WaId: z.string().optional(),
  ButtonText: z.string().optional(),
  ButtonPayload: z.string().optional(),
  /** A WhatsApp click-to-chat ad or post the resident tapped (Twilio's Referral* fields, first message only). */
  ReferralSourceId: z.string().optional(),
  ReferralSourceUrl: z.string().optional(),
  /** Set when Twilio's (Advanced) Opt-Out handled a keyword; an unknown value is ignored, not refused. */
  OptOutType: optOutTypeSchema.optional().catch(undefined),
});

export const inboundMessageSchema = z.object({
  channel: channelSchema,
  /** E.164, without the `whatsapp:` prefix. */
  from: z.string(),
  to: z.string(),
  messageId: z.string(),
  /** Body, or the tapped button for WhatsApp quick replies; '' for a media-only message. */
  text: z.string(),
  mediaCount: z.number().int().min(0),
  optOutType: optOutTypeSchema.optional(),
  /** Which ad the message came from; the ad's headline, body and click id are not kept. */
  referral: adReferralSchema.optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export type InboundParseResult = { status: 'ok'; message: InboundMessage } | { status: 'invalid'; issues: string[] };

/** Validate a Twilio messaging webhook body; the reasons for refusing it are plain and contain no values. */
export function parseTwilioInbound(body: unknown): InboundParseResult {
  const parsed = twilioInboundFormSchema.safeParse(body);
  if (!parsed.success) return { status: 'invalid', issues: describeIssues(parsed.error) };
  const form = parsed.data;
  const messageId = form.MessageSid || form.SmsMessageSid;
  if (!messageId) return { status: 'invalid', issues: ['MessageSid: missing'] };
  return {
    status: 'ok',
    message: {
      channel: form.From.channel,
      from: form.From.phone,
      to: form.To.phone,
      messageId,
      text: form.ButtonText || form.ButtonPayload || form.Body || '',
      mediaCount: Number(form.NumMedia ?? '0'),
      ...(form.OptOutType ? { optOutType: form.OptOutType } : {}),
      ...(form.ReferralSourceId || form.ReferralSourceUrl ? { referral: referralOf(form) } : {}),
    },
  };
}

function referralOf(form: z.infer<typeof twilioInboundFormSchema>) {
  return {
    ...(form.ReferralSourceId ? { sourceId: form.ReferralSourceId } : {}),
    ...(form.ReferralSourceUrl ? { sourceUrl: form.ReferralSourceUrl } : {}),
  };
}
