import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createCallbackStage } from '../src/callbacks/callback-stage.js';
import { contactHashFor } from '../src/callbacks/contact-hash.js';
import { createTranslator } from '../src/content/translate.js';
import { openCallbackRecords, storedFor } from './support/callback-records.js';
import { REPO_ROOT, Resident, testBot } from './support/test-bot.js';

/** Something other than a message: a follow-up coming due (the clock moves to its time), a campaign, a carrier opt-out. */
const eventSchema = z.union([
  z.strictObject({ follow_up_due: z.string() }),
  /** A follow-up job that fires although it was cancelled (the host's cancel lost a race): it must be dropped. */
  z.strictObject({ stale_follow_up: z.string() }),
  z.strictObject({ campaign_start: z.string() }),
  z.strictObject({ carrier_opt_out: z.enum(['STOP', 'START', 'HELP']) }),
]);

/** A scripted conversation: what the resident says (or what happens), and what the bot must (or must not) reply. */
const expectTexts = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const scriptSchema = z.strictObject({
  title: z.string(),
  /** The UK date the conversation happens on (campaigns run between dates); a fixed day when left out. */
  today: z.iso.date().optional(),
  turns: z
    .array(
      z.strictObject({
        user: z.string().optional(),
        event: eventSchema.optional(),
        media: z.number().optional(),
        /** Move the clock on before this message, e.g. "2d", "3h". */
        after: z.string().regex(/^\d+[dhm]$/).optional(),
        bot: expectTexts.optional(),
        bot_not: expectTexts.optional(),
        replies: z.number().optional(),
        silent: z.literal(true).optional(),
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
        /** The campaign the conversation is tagged with, and whether it was running ("-" for none). */
        campaign: z.string().optional(),
        campaign_status: z.enum(['active', 'expired', 'upcoming']).optional(),
      })
      .refine((t) => (t.user === undefined) !== (t.event === undefined), 'a turn has either user: or event:'),
    )
    .min(1),
});

function happen(resident: Resident, event: z.infer<typeof eventSchema>): Promise<string> {
  if ('follow_up_due' in event) return resident.followUpDue(event.follow_up_due);
  if ('stale_follow_up' in event) return resident.receives({ kind: 'follow_up_due', followUp: event.stale_follow_up, jobId: 'stale' });
  if ('campaign_start' in event) return resident.receives({ kind: 'campaign_start', campaign: event.campaign_start, via: 'keyword' });
  return resident.receives({ kind: 'carrier_opt_out', action: event.carrier_opt_out });
}

const dir = join(REPO_ROOT, 'test', 'conversations');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
const ID_SECRET = 'scripted-conversations-secret';

/** One embedded records database (PGlite) for every script. */
let records: ReturnType<typeof openCallbackRecords> | undefined;
const callbackRecords = () => (records ??= openCallbackRecords());

describe('scripted conversations', () => {
  // Opened before the scripts: PGlite takes seconds to start, which no single script should pay for.
  beforeAll(() => callbackRecords().then(() => undefined), 120_000);
  afterAll(async () => (records ? (await records).db.close() : undefined));
  it('has scripts to run', () => expect(files.length).toBeGreaterThan(5));

  for (const file of files) {
    const script = scriptSchema.parse(parse(readFileSync(join(dir, file), 'utf8')));
    it(`${file}: ${script.title}`, async () => {
      const bot = await testBot();
      // Each script texts from its own number, so their callback requests never meet.
      const contact = { channel: 'sms' as const, address: `+4477009${String(files.indexOf(file)).padStart(5, '0')}` };
      const afterTurn = createCallbackStage({
        records: async () => (await callbackRecords()).records,
        idSecret: ID_SECRET,
        translate: (locale) => createTranslator(bot.content, locale),
      });
      const resident = new Resident(bot, { afterTurn, contact, conversationId: `script-${file}` });
      if (script.today) resident.now = Date.parse(`${script.today}T10:00:00Z`);
      for (const [i, turn] of script.turns.entries()) {
        const where = `${file} turn ${i + 1} (${turn.user === undefined ? `event: ${JSON.stringify(turn.event)}` : `user: ${JSON.stringify(turn.user.slice(0, 40))}`})`;
        if (turn.after) resident.now += Number(turn.after.slice(0, -1)) * UNIT_MS[turn.after.at(-1) as keyof typeof UNIT_MS];
        const reply = turn.user !== undefined ? await resident.says(turn.user, turn.media ? { mediaCount: turn.media } : {}) : await happen(resident, turn.event!);
        const lower = reply.toLowerCase();
        for (const text of turn.bot ?? []) expect(lower, `${where}: bot should say "${text}"; it said:\n${reply}`).toContain(text.toLowerCase());
        for (const text of turn.bot_not ?? []) expect(lower, `${where}: bot should not say "${text}"`).not.toContain(text.toLowerCase());
        if (turn.replies !== undefined) expect(resident.last, where).toHaveLength(turn.replies);
        if (turn.silent) expect(resident.last, `${where}: expected silence`).toHaveLength(0);
        if (turn.erased) expect(resident.session, `${where}: expected everything erased`).toBeNull();
        if (turn.at) expect(resident.session?.at, where).toBe(turn.at);
        if (turn.locale) expect(resident.session?.locale, where).toBe(turn.locale);
        if (turn.stored) {
          const stored = await storedFor((await callbackRecords()).db, contactHashFor(ID_SECRET, contact, `script-${file}`));
          const { total, open = stored.open, numbers = stored.withNumber, names = stored.withName } = turn.stored;
          expect({ total: stored.total, open: stored.open, numbers: stored.withNumber, names: stored.withName }, `${where}: callback requests stored`).toEqual({ total, open, numbers, names });
        }
        if (turn.scheduled) expect([...resident.scheduled.keys()].sort(), `${where}: follow-ups scheduled`).toEqual([...turn.scheduled].sort());
        if (turn.handled_by) expect(resident.lastResult?.handledBy, `${where}: stage`).toBe(turn.handled_by);
        const recorded = (resident.lastResult?.events ?? []).flatMap((e) => [e.name, ...Object.entries(e.props ?? {}).map(([k, v]) => `${e.name}:${k}=${v}`)]);
        for (const fact of turn.recorded ?? []) expect(recorded, `${where}: analytics`).toContain(fact);
        if (turn.campaign) expect(resident.session?.campaign ?? '-', `${where}: campaign tag`).toBe(turn.campaign);
        if (turn.campaign_status) expect(resident.session?.campaignStatus, `${where}: campaign status`).toBe(turn.campaign_status);
        for (const [name, value] of Object.entries(turn.vars ?? {})) {
          expect(resident.session?.vars[name], `${where}: saved answer '${name}'`).toBe(value ?? undefined);
        }
      }
    });
  }
});
