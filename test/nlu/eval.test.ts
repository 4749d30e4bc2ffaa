import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeywordClassifier, INTENT_SETS, loadIntentModel, loadIntents, withIntentModel } from '../../src/nlu/index.js';
import { evaluateNlu, NLU_MAX_SILENT, NLU_MIN_ACCURACY } from '../../src/nlu/evaluate.js';
import { readNluTrainingData } from '../../src/nlu/training-data.js';

// Our own set, the lines written to train the model, and each blind round once it has been evaluated and folded in
// (docs/nlu-evaluation.md). Held-out figures come from `npm run eval:nlu -- --cv 5` and the blind rounds.
const root = fileURLToPath(new URL('../..', import.meta.url));
const { cases } = readNluTrainingData(root);

describe('intent evaluation sets', () => {
  it('cover every intent of every set, in every language, and answers that should match nothing', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    for (const locale of ['en', 'pl', 'ur']) {
      const seen = new Set(cases.filter((c) => c.locale === locale).map((c) => `${c.set}/${c.intent}`));
      const missing = Object.entries(INTENT_SETS).flatMap(([set, ids]) => ids.map((id) => `${set}/${id}`)).filter((k) => !seen.has(k));
      expect(missing, locale).toEqual([]);
      expect(seen.has('none/none'), locale).toBe(true);
    }
  });

  it(`are read correctly at least ${NLU_MIN_ACCURACY * 100}% of the time in each language, and rarely silently as nothing or "any"`, async () => {
    const intents = loadIntents(root);
    const classifier = withIntentModel(createKeywordClassifier(intents), loadIntentModel(intents));
    const report = await evaluateNlu(classifier.classify, cases);
    const errors = report.errors.map((e) => `line ${e.line}: ${e.text} -> ${e.got}`).join('\n');
    for (const [locale, t] of report.byLocale) {
      expect(t.correct / t.total, `${locale}\n${errors}`).toBeGreaterThanOrEqual(NLU_MIN_ACCURACY);
      expect(t.silent / t.total, `${locale}\n${errors}`).toBeLessThanOrEqual(NLU_MAX_SILENT);
    }
  });
});
