import { z } from 'zod';
import { safetyCategorySchema, type SafetyCategory } from './safety-lexicon.js';
import type { SafetyHit } from './screen-message.js';

/** The bar the screen must clear on the evaluation set; the CLI and the test both hold it to this. */
export const SAFETY_THRESHOLDS = { minRecall: 0.98, maxFalsePositiveRate: 0.03 } as const;

const caseSchema = z.discriminatedUnion('label', [
  z.object({ label: z.literal('risk'), category: safetyCategorySchema, text: z.string().min(1) }),
  z.object({ label: z.literal('safe'), category: z.literal('-'), text: z.string().min(1) }),
]);
export type SafetyEvalCase = z.infer<typeof caseSchema> & { line: number };

export interface SafetyEvalReport {
  risky: number;
  safe: number;
  /** Risky texts caught at all (any category, either level) / risky texts. */
  recall: number;
  /** Of the risky texts caught, the share given the expected category. */
  categoryAccuracy: number;
  /** Safe texts that triggered anything / safe texts. */
  falsePositiveRate: number;
  misses: SafetyEvalCase[];
  falsePositives: (SafetyEvalCase & { hit: SafetyHit })[];
  wrongCategory: (SafetyEvalCase & { hit: SafetyHit })[];
}

/** Lines `risk<TAB>category<TAB>text` or `safe<TAB>-<TAB>text`; blank lines and lines starting with # are skipped. */
export function parseSafetyEval(tsv: string, source = 'eval file'): SafetyEvalCase[] {
  const cases: SafetyEvalCase[] = [];
  tsv.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const [label, category, ...rest] = raw.split('\t');
    const parsed = caseSchema.safeParse({ label, category, text: rest.join('\t') });
    if (!parsed.success) throw new Error(`${source}:${i + 1}: expected risk<TAB>category<TAB>text or safe<TAB>-<TAB>text`);
    cases.push({ ...parsed.data, line: i + 1 });
  });
  return cases;
}

export function evaluateSafety(screen: (text: string) => SafetyHit | null, cases: SafetyEvalCase[]): SafetyEvalReport {
  const report: SafetyEvalReport = { risky: 0, safe: 0, recall: 1, categoryAccuracy: 1, falsePositiveRate: 0, misses: [], falsePositives: [], wrongCategory: [] };
  for (const c of cases) {
    const hit = screen(c.text);
    if (c.label === 'safe') {
      report.safe++;
      if (hit) report.falsePositives.push({ ...c, hit });
      continue;
    }
    report.risky++;
    if (!hit) report.misses.push(c);
    else if (hit.category !== (c.category as SafetyCategory)) report.wrongCategory.push({ ...c, hit });
  }
  const caught = report.risky - report.misses.length;
  report.recall = report.risky ? caught / report.risky : 1;
  report.categoryAccuracy = caught ? (caught - report.wrongCategory.length) / caught : 1;
  report.falsePositiveRate = report.safe ? report.falsePositives.length / report.safe : 0;
  return report;
}

export function meetsSafetyThresholds(report: SafetyEvalReport): boolean {
  return report.recall >= SAFETY_THRESHOLDS.minRecall && report.falsePositiveRate <= SAFETY_THRESHOLDS.maxFalsePositiveRate;
}
