import { z } from 'zod';
import { scalarSchema } from '../../flow/flow-schema.js';

/** A WhatsApp click-to-chat ad the message came from (Twilio's Referral* fields); no click id, nothing personal. */
export const adReferralSchema = z.object({
  sourceId: z.string().optional(),
  sourceUrl: z.string().optional(),
});
export type AdReferral = z.infer<typeof adReferralSchema>;

/** What starts a turn: a resident's words, or something that happened without them (a carrier opt-out, a due follow-up). */
export const turnEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    mediaCount: z.number().int().min(0).optional(),
    referral: adReferralSchema.optional(),
    /** Written where the bot can only answer (the browser chat page): there is no number to text later. */
    replyOnly: z.boolean().optional(),
  }),
  /** The SMS carrier layer (Twilio) already acted on an opt-out keyword and answered it itself. */
  z.object({ kind: z.literal('carrier_opt_out'), action: z.enum(['STOP', 'START', 'HELP']) }),
  z.object({ kind: z.literal('campaign_start'), campaign: z.string().min(1), via: z.enum(['keyword', 'referral']) }),
  /** A follow-up the resident agreed to has come due; `jobId` makes a retried job recognisable. */
  z.object({
    kind: z.literal('follow_up_due'),
    followUp: z.string().min(1),
    jobId: z.string().min(1),
    /** Saved answers the follow-up kept when it was agreed (the score to compare with): scalars only. */
    vars: z.record(z.string(), scalarSchema).optional(),
  }),
]);
export type TurnEvent = z.infer<typeof turnEventSchema>;
export type TurnEventKind = TurnEvent['kind'];
export type TurnEventOf<K extends TurnEventKind> = Extract<TurnEvent, { kind: K }>;
