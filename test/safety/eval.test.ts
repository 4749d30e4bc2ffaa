import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSafetyScreen, loadSafetyLexicon } from '../../src/safety/index.js';
import { evaluateSafety, parseSafetyEval, SAFETY_THRESHOLDS } from '../../src/safety/evaluate.js';

const read = (name: string) => parseSafetyEval(readFileSync(new URL(name, import.meta.url), 'utf8'), name);

describe('safety evaluation set', () => {
  const cases = read('./eval.tsv');
  const report = evaluateSafety(createSafetyScreen(loadSafetyLexicon()), cases);

  it('is big enough to mean something', () => {
    expect(cases.filter((c) => c.label === 'risk').length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.label === 'safe').length).toBeGreaterThanOrEqual(150);
  });

  it(`catches at least ${SAFETY_THRESHOLDS.minRecall * 100}% of risky messages`, () => {
    expect(report.recall, report.misses.map((m) => `line ${m.line}: ${m.text}`).join('\n')).toBeGreaterThanOrEqual(SAFETY_THRESHOLDS.minRecall);
  });

  it(`flags at most ${SAFETY_THRESHOLDS.maxFalsePositiveRate * 100}% of safe messages`, () => {
    expect(report.falsePositiveRate, report.falsePositives.map((f) => `line ${f.line}: ${f.text}`).join('\n')).toBeLessThanOrEqual(SAFETY_THRESHOLDS.maxFalsePositiveRate);
  });
});
