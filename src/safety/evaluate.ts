import { URGENCY, type SafetyCategory, type SafetyHit, type ScreenLanguage } from './categories.js';
import type { LabelledMessage } from './corpus.js';

/** The bar the screen must clear on the corpus; the CLI and the tests both hold it to this. */
export const SAFETY_THRESHOLDS = { minRecall: 0.98, maxFalsePositiveRate: 0.03, maxClearFalsePositiveRate: 0.01 } as const;

type Rate = { hit: number; of: number };
export interface SafetyEvalReport {
  risky: number;
  safe: number;
  /** Risky messages caught at all (any category, either level). */
  recall: Rate;
  recallByCategory: Record<SafetyCategory, Rate>;
  recallByLanguage: Partial<Record<ScreenLanguage, Rate>>;
  /** Safe messages that triggered anything, and those that got the full (clear) reply. */
  falsePositives: { check: number; clear: number; byLanguage: Partial<Record<ScreenLanguage, Rate>> };
  /** expected category (or 'safe') → what the screen said ('none' when nothing). */
  confusion: Record<string, Record<string, number>>;
  misses: LabelledMessage[];
  falseAlarms: (LabelledMessage & { hit: SafetyHit })[];
}

export const ratio = (r: Rate) => (r.of ? r.hit / r.of : 1);

/** `screen` gets each message's text and its index in `messages` (cross-validation passes hits found earlier). */
export function evaluateSafety(screen: (text: string, index: number) => SafetyHit | null, messages: readonly LabelledMessage[]): SafetyEvalReport {
  const report: SafetyEvalReport = {
    risky: 0,
    safe: 0,
    recall: { hit: 0, of: 0 },
    recallByCategory: Object.fromEntries(URGENCY.map((c) => [c, { hit: 0, of: 0 }])) as Record<SafetyCategory, Rate>,
    recallByLanguage: {},
    falsePositives: { check: 0, clear: 0, byLanguage: {} },
    confusion: {},
    misses: [],
    falseAlarms: [],
  };
  for (const [i, m] of messages.entries()) {
    const hit = screen(m.text, i);
    const expected = m.category ?? 'safe';
    const row = (report.confusion[expected] ??= {});
    const said = hit?.category ?? 'none';
    row[said] = (row[said] ?? 0) + 1;
    if (m.label === 'safe') {
      report.safe++;
      const lang = (report.falsePositives.byLanguage[m.lang] ??= { hit: 0, of: 0 });
      lang.of++;
      if (hit) {
        report.falsePositives[hit.level]++;
        lang.hit++;
        report.falseAlarms.push({ ...m, hit });
      }
      continue;
    }
    report.risky++;
    const caught = hit ? 1 : 0;
    for (const r of [report.recall, report.recallByCategory[m.category], (report.recallByLanguage[m.lang] ??= { hit: 0, of: 0 })]) {
      r.of++;
      r.hit += caught;
    }
    if (!hit) report.misses.push(m);
  }
  return report;
}

export function falsePositiveRate(report: SafetyEvalReport, level: 'any' | 'clear'): number {
  if (!report.safe) return 0;
  return (level === 'clear' ? report.falsePositives.clear : report.falsePositives.clear + report.falsePositives.check) / report.safe;
}

export function meetsSafetyThresholds(report: SafetyEvalReport): boolean {
  return (
    ratio(report.recall) >= SAFETY_THRESHOLDS.minRecall &&
    falsePositiveRate(report, 'any') <= SAFETY_THRESHOLDS.maxFalsePositiveRate &&
    falsePositiveRate(report, 'clear') <= SAFETY_THRESHOLDS.maxClearFalsePositiveRate
  );
}

/** The report as lines for a terminal: recall by category and language, false positives by level, confusion. */
export function formatReport(report: SafetyEvalReport): string[] {
  const pct = (r: Rate) => `${(ratio(r) * 100).toFixed(1)}% (${r.hit}/${r.of})`;
  const lines = [`${report.risky} risky, ${report.safe} safe`, `recall (any category, either level): ${pct(report.recall)}  minimum ${SAFETY_THRESHOLDS.minRecall * 100}%`];
  for (const c of URGENCY) if (report.recallByCategory[c].of) lines.push(`  ${c.padEnd(18)} ${pct(report.recallByCategory[c])}`);
  for (const [lang, r] of Object.entries(report.recallByLanguage)) lines.push(`  language ${lang.padEnd(9)} ${pct(r)}`);
  const fp = report.falsePositives;
  lines.push(
    `false positives, any level: ${pct({ hit: fp.check + fp.clear, of: report.safe })}  maximum ${SAFETY_THRESHOLDS.maxFalsePositiveRate * 100}%`,
    `false positives, clear:     ${pct({ hit: fp.clear, of: report.safe })}  maximum ${SAFETY_THRESHOLDS.maxClearFalsePositiveRate * 100}%`,
    `false positives, check:     ${pct({ hit: fp.check, of: report.safe })}`,
  );
  for (const [lang, r] of Object.entries(fp.byLanguage)) lines.push(`  language ${lang.padEnd(9)} ${pct(r)}`);
  const columns = [...URGENCY, 'none'];
  lines.push('confusion (rows: expected, columns: screen said):', `  ${''.padEnd(18)}${columns.map((c) => c.slice(0, 9).padStart(10)).join('')}`);
  for (const expected of ['safe', ...URGENCY]) {
    const row = report.confusion[expected];
    if (row) lines.push(`  ${expected.padEnd(18)}${columns.map((c) => String(row[c] ?? 0).padStart(10)).join('')}`);
  }
  return lines;
}
