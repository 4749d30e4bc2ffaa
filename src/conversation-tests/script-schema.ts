import { z } from 'zod';

const texts = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** One message from the resident, and what the bot must (or must not) do in reply. */
export const scriptTurnSchema = z.strictObject({
  user: z.string(),
  media: z.number().optional(),
  /** Move the clock on before this message, e.g. "2d", "3h", "30m". */
  after: z.string().regex(/^\d+[dhm]$/, 'write a number and d, h or m, e.g. "2d"').optional(),
  /** Words each reply must contain (case does not matter). */
  bot: texts.optional(),
  bot_not: texts.optional(),
  replies: z.number().optional(),
  silent: z.literal(true).optional(),
  /** The step the conversation is on afterwards, e.g. checkin.left_out. */
  at: z.string().optional(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  erased: z.literal(true).optional(),
  locale: z.string().optional(),
});

/** A scripted conversation, as the comms team writes it in test/conversations/*.yaml. */
export const scriptSchema = z.strictObject({
  title: z.string(),
  turns: z.array(scriptTurnSchema).min(1),
});
export type Script = z.infer<typeof scriptSchema>;
export type ScriptTurn = z.infer<typeof scriptTurnSchema>;
