import { z } from 'zod';

const texts = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Something other than a message: a follow-up coming due (the clock moves to its time), a campaign, a carrier opt-out. */
export const scriptEventSchema = z.union([
  z.strictObject({ follow_up_due: z.string() }),
  /** A follow-up job that fires although it was cancelled (the host's cancel lost a race): it must be dropped. */
  z.strictObject({ stale_follow_up: z.string() }),
  z.strictObject({ campaign_start: z.string() }),
  z.strictObject({ carrier_opt_out: z.enum(['STOP', 'START', 'HELP']) }),
]);

/** One message from the resident (or one event), and what the bot must (or must not) do in reply. */
export const scriptTurnSchema = z
  .strictObject({
    user: z.string().optional(),
    event: scriptEventSchema.optional(),
    media: z.number().optional(),
    /** Move the clock on before this turn, e.g. "2d", "3h", "30m". */
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
    /** What the records database holds for this resident's callback requests after the turn. */
    stored: z.strictObject({ total: z.number(), open: z.number().optional(), numbers: z.number().optional(), names: z.number().optional() }).optional(),
    /** The follow-ups waiting after this turn, by name ([] for none). */
    scheduled: z.array(z.string()).optional(),
    /** The pipeline stage that handled the turn. */
    handled_by: z.string().optional(),
    /** Anonymous analytics the turn must record, as "name" or "name:prop=value". */
    recorded: z.array(z.string()).optional(),
    /** The campaign the conversation is tagged with ("-" for none), and whether it was running. */
    campaign: z.string().optional(),
    campaign_status: z.enum(['active', 'expired', 'upcoming']).optional(),
  })
  .refine((t) => (t.user === undefined) !== (t.event === undefined), 'a turn has either user: or event:');

/** A scripted conversation, as the comms team writes it in test/conversations/*.yaml. */
export const scriptSchema = z.strictObject({
  title: z.string(),
  /** The UK date the conversation happens on (campaigns run between dates); a fixed day when left out. */
  today: z.iso.date().optional(),
  /** The resident writes on the browser chat page: the bot can answer, but has no number to text later. */
  chat_page: z.literal(true).optional(),
  turns: z.array(scriptTurnSchema).min(1),
});
export type Script = z.infer<typeof scriptSchema>;
export type ScriptTurn = z.infer<typeof scriptTurnSchema>;
export type ScriptEvent = z.infer<typeof scriptEventSchema>;
