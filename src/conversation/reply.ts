import { z } from 'zod';

/** One message the bot sends, already in the resident's language; channels decide how it looks. */
export const replySchema = z.object({
  /** Text with light markup: `*bold*` (kept on WhatsApp, dropped on SMS), blank lines between paragraphs. */
  text: z.string(),
  /** Choices the resident can answer with; channels number them 1..n under the text. */
  options: z.array(z.string()).optional(),
  /** The language's SMS may drop accents GSM-7 lacks (its `settings.sms_plain_letters`); WhatsApp keeps them. */
  smsPlainLetters: z.literal(true).optional(),
});
export type Reply = z.infer<typeof replySchema>;

export const channelSchema = z.enum(['sms', 'whatsapp']);
export type Channel = z.infer<typeof channelSchema>;
