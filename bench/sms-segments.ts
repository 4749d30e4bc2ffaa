/**
 * npm run bench:sms — SMS segments per turn over the scripted conversations (test/conversations/*.yaml), per
 * language, as a resident texting by SMS would be billed. A language whose SMS go without accents
 * (settings.sms_plain_letters) is also measured with its accents kept, as the baseline in the same run.
 * Targets (issue 15): English at most 2.0 a turn; Polish at most 2.5 with plain letters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderForSms } from '../src/channels/render-sms.js';
import type { Session } from '../src/conversation/session.js';
import { loadRuntimeBot } from '../src/runtime-bot.js';

const TARGETS: Record<string, number> = { en: 2.0, pl: 2.5 };
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', 'conversations');

const { bot } = await loadRuntimeBot({ root, onMissingText: () => {} });
if (!bot) throw new Error('flows/content have errors: run npm run content:check');

type Tally = { turns: number; segments: number; accented: number };
const byLocale = new Map<string, Tally>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const script = parse(readFileSync(join(dir, file), 'utf8')) as { turns: { user?: string; media?: number; after?: string }[] };
  let session: Session | null = null;
  let now = Date.parse('2026-11-23T10:00:00Z');
  for (const turn of script.turns) {
    // Scripted events (a follow-up due, a campaign start, a carrier opt-out) need the test host: only what residents type is measured.
    if (turn.user === undefined) continue;
    now += 30_000 + (turn.after ? Number.parseInt(turn.after, 10) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[turn.after.at(-1) as 'd' | 'h' | 'm'] : 0);
    const result = await bot.engine.runTurn({ session, now, message: { text: turn.user, ...(turn.media ? { mediaCount: turn.media } : {}) } });
    session = result.session;
    if (!result.replies.length) continue;
    const locale = session?.locale ?? 'en';
    const tally = byLocale.get(locale) ?? { turns: 0, segments: 0, accented: 0 };
    byLocale.set(locale, tally);
    const count = (replies: typeof result.replies) => renderForSms(replies).reduce((n, m) => n + m.segments, 0);
    tally.turns++;
    tally.segments += count(result.replies);
    tally.accented += count(result.replies.map(({ smsPlainLetters: _, ...reply }) => reply));
  }
}

console.log('language  turns  segments/turn  with accents kept  target');
let ok = true;
for (const [locale, t] of [...byLocale].sort(([a], [b]) => a.localeCompare(b))) {
  const average = t.segments / t.turns;
  const target = TARGETS[locale];
  if (target !== undefined && average > target) ok = false;
  console.log(
    `${locale.padEnd(8)}  ${String(t.turns).padStart(5)}  ${average.toFixed(2).padStart(13)}  ${(t.accented / t.turns).toFixed(2).padStart(17)}  ${target === undefined ? '-' : `<= ${target.toFixed(1)}`}`,
  );
}
process.exitCode = ok ? 0 : 1;
