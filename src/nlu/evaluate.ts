import { z } from 'zod';
import { INTENT_SETS, intentSetSchema, type IntentMatch, type IntentRequest } from './intent-sets.js';

/** The keyword classifier's bar on each language of the evaluation set; the CLI and the test both hold it to this. */
export const NLU_MIN_ACCURACY = 0.95;
/** At most this share of utterances may be silently read as nothing, or as a catch-all ("any", "something else"). */
export const NLU_MAX_SILENT = 0.02;

/** `none/none`: an utterance that should match nothing at all; any guess is wrong. */
export const NONE = 'none';
/** Answers that mean "no particular one": reading a specific wish as one of these loses it without a word. */
const CATCH_ALL = new Set(['no_preference', 'something_else']);

const caseSchema = z.union([
  z.object({ set: z.literal(NONE), intent: z.literal(NONE), locale: z.string().regex(/^[a-z]{2}$/), text: z.string().min(1) }),
  z
    .object({ set: intentSetSchema, intent: z.string(), locale: z.string().regex(/^[a-z]{2}$/), text: z.string().min(1) })
    .refine((c) => (INTENT_SETS[c.set] as readonly string[]).includes(c.intent), { message: 'unknown intent for its set' }),
]);
export type NluEvalCase = z.infer<typeof caseSchema> & { line: number };

interface Tally {
  total: number;
  correct: number;
}
export interface NluEvalReport extends Tally {
  accuracy: number;
  /** Keyed `set/intent`. */
  byIntent: Map<string, Tally>;
  byLocale: Map<string, Tally & { silent: number }>;
  /** Utterances with a specific meaning read as nothing or as a catch-all. */
  silent: number;
  errors: (NluEvalCase & { got: string | null })[];
}

/** Lines `set/intent<TAB>locale<TAB>text`; the set is always named because ids repeat across sets. # starts a comment. */
export function parseNluEval(tsv: string, source = 'eval file'): NluEvalCase[] {
  const cases: NluEvalCase[] = [];
  tsv.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const [label = '', locale, ...rest] = raw.split('\t');
    const [set, intent] = label.split('/');
    const parsed = caseSchema.safeParse({ set, intent, locale, text: rest.join('\t') });
    if (!parsed.success) throw new Error(`${source}:${i + 1}: expected set/intent<TAB>locale<TAB>text with a known set and intent (or none/none)`);
    cases.push({ ...parsed.data, line: i + 1 });
  });
  return cases;
}

type Classify = (request: IntentRequest) => IntentMatch | null | Promise<IntentMatch | null>;

/** What the classifier makes of a case; for none/none, the first guess from any set (there should be none). */
async function readCase(classify: Classify, c: NluEvalCase): Promise<string | null> {
  if (c.set !== NONE) return (await classify({ text: c.text, locale: c.locale, set: c.set }))?.intent ?? null;
  for (const set of Object.keys(INTENT_SETS)) {
    const got = await classify({ text: c.text, locale: c.locale, set });
    if (got) return `${set}/${got.intent}`;
  }
  return null;
}

export async function evaluateNlu(classify: Classify, cases: NluEvalCase[]): Promise<NluEvalReport> {
  const report: NluEvalReport = { total: 0, correct: 0, accuracy: 1, byIntent: new Map(), byLocale: new Map(), silent: 0, errors: [] };
  for (const c of cases) {
    const got = await readCase(classify, c);
    const wanted = c.set === NONE ? null : c.intent;
    const key = `${c.set}/${c.intent}`;
    const tally = report.byIntent.get(key) ?? { total: 0, correct: 0 };
    const locale = report.byLocale.get(c.locale) ?? { total: 0, correct: 0, silent: 0 };
    report.byIntent.set(key, tally);
    report.byLocale.set(c.locale, locale);
    report.total++;
    tally.total++;
    locale.total++;
    if (got === wanted) {
      report.correct++;
      tally.correct++;
      locale.correct++;
      continue;
    }
    report.errors.push({ ...c, got });
    if (wanted !== null && !CATCH_ALL.has(wanted) && (got === null || CATCH_ALL.has(got))) {
      report.silent++;
      locale.silent++;
    }
  }
  report.accuracy = report.total ? report.correct / report.total : 1;
  return report;
}
