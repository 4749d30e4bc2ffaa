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

/** A scripted conversation: what the resident says, and what the bot must (or must not) reply. */
const expectTexts = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const scriptSchema = z.strictObject({
  title: z.string(),
  turns: z
    .array(
      z.strictObject({
        user: z.string(),
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
      }),
    )
    .min(1),
});

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
      const sender = { channel: 'sms' as const, address: `+4477009${String(files.indexOf(file)).padStart(5, '0')}` };
      const afterTurn = createCallbackStage({
        records: async () => (await callbackRecords()).records,
        idSecret: ID_SECRET,
        translate: (locale) => createTranslator(bot.content, locale),
      });
      const resident = new Resident(bot, { afterTurn, sender, conversationId: `script-${file}` });
      for (const [i, turn] of script.turns.entries()) {
        const where = `${file} turn ${i + 1} (user: ${JSON.stringify(turn.user.slice(0, 40))})`;
        if (turn.after) resident.now += Number(turn.after.slice(0, -1)) * UNIT_MS[turn.after.at(-1) as keyof typeof UNIT_MS];
        const reply = await resident.says(turn.user, turn.media ? { mediaCount: turn.media } : {});
        const lower = reply.toLowerCase();
        for (const text of turn.bot ?? []) expect(lower, `${where}: bot should say "${text}"; it said:\n${reply}`).toContain(text.toLowerCase());
        for (const text of turn.bot_not ?? []) expect(lower, `${where}: bot should not say "${text}"`).not.toContain(text.toLowerCase());
        if (turn.replies !== undefined) expect(resident.last, where).toHaveLength(turn.replies);
        if (turn.silent) expect(resident.last, `${where}: expected silence`).toHaveLength(0);
        if (turn.erased) expect(resident.session, `${where}: expected everything erased`).toBeNull();
        if (turn.at) expect(resident.session?.at, where).toBe(turn.at);
        if (turn.locale) expect(resident.session?.locale, where).toBe(turn.locale);
        if (turn.stored) {
          const stored = await storedFor((await callbackRecords()).db, contactHashFor(ID_SECRET, sender, `script-${file}`));
          const { total, open = stored.open, numbers = stored.withNumber, names = stored.withName } = turn.stored;
          expect({ total: stored.total, open: stored.open, numbers: stored.withNumber, names: stored.withName }, `${where}: callback requests stored`).toEqual({ total, open, numbers, names });
        }
        for (const [name, value] of Object.entries(turn.vars ?? {})) {
          expect(resident.session?.vars[name], `${where}: saved answer '${name}'`).toBe(value ?? undefined);
        }
      }
    });
  }
});
