import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeywordClassifier, INTENT_SETS, loadIntents } from '../../src/nlu/index.js';
import { evaluateNlu, NLU_MIN_ACCURACY, parseNluEval } from '../../src/nlu/evaluate.js';

const cases = parseNluEval(readFileSync(new URL('./eval.tsv', import.meta.url), 'utf8'), 'eval.tsv');

describe('intent evaluation set', () => {
  it('covers every intent of every set in both languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.filter((c) => c.locale === 'pl').length).toBeGreaterThanOrEqual(40);
    const seen = new Set(cases.map((c) => `${c.set}/${c.intent}`));
    const missing = Object.entries(INTENT_SETS).flatMap(([set, ids]) => ids.map((id) => `${set}/${id}`)).filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
  });

  it(`is read correctly at least ${NLU_MIN_ACCURACY * 100}% of the time by the keyword classifier`, async () => {
    const classifier = createKeywordClassifier(loadIntents(fileURLToPath(new URL('../..', import.meta.url))));
    const report = await evaluateNlu(classifier.classify, cases);
    expect(report.accuracy, report.errors.map((e) => `line ${e.line}: ${e.text} -> ${e.got}`).join('\n')).toBeGreaterThanOrEqual(NLU_MIN_ACCURACY);
  });
});
