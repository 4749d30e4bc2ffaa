import { z } from 'zod';
import { INTENT_SETS, intentSetSchema, type IntentMatch, type IntentRequest } from './intent-sets.js';

/** The keyword classifier's bar on the evaluation set; the CLI and the test both hold it to this. */
export const NLU_MIN_ACCURACY = 0.9;

const caseSchema = z
  .object({ set: intentSetSchema, intent: z.string(), locale: z.string().regex(/^[a-z]{2}$/), text: z.string().min(1) })
  .refine((c) => (INTENT_SETS[c.set] as readonly string[]).includes(c.intent), { message: 'unknown intent for its set' });
export type NluEvalCase = z.infer<typeof caseSchema> & { line: number };

export interface NluEvalReport {
  total: number;
  correct: number;
  accuracy: number;
  /** Keyed `set/intent`. */
  byIntent: Map<string, { total: number; correct: number }>;
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
    if (!parsed.success) throw new Error(`${source}:${i + 1}: expected set/intent<TAB>locale<TAB>text with a known set and intent`);
    cases.push({ ...parsed.data, line: i + 1 });
  });
  return cases;
}

export async function evaluateNlu(classify: (request: IntentRequest) => IntentMatch | null | Promise<IntentMatch | null>, cases: NluEvalCase[]): Promise<NluEvalReport> {
  const report: NluEvalReport = { total: 0, correct: 0, accuracy: 1, byIntent: new Map(), errors: [] };
  for (const c of cases) {
    const got = (await classify({ text: c.text, locale: c.locale, set: c.set }))?.intent ?? null;
    const key = `${c.set}/${c.intent}`;
    const tally = report.byIntent.get(key) ?? { total: 0, correct: 0 };
    report.byIntent.set(key, tally);
    report.total++;
    tally.total++;
    if (got === c.intent) {
      report.correct++;
      tally.correct++;
    } else report.errors.push({ ...c, got });
  }
  report.accuracy = report.total ? report.correct / report.total : 1;
  return report;
}
