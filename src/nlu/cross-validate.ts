import { chooseThresholds, foldOf, trainFolds, withThresholds } from './calibrate-thresholds.js';
import { evaluateNlu, type NluEvalCase, type NluEvalReport } from './evaluate.js';
import { intentModelOf } from './intent-model.js';
import type { IntentsByLocale } from './intent-sets.js';
import { createKeywordClassifier } from './keyword-classifier.js';
import { withIntentModel } from './understand-intents.js';

/**
 * k-fold cross-validation of the whole reading (phrases, then the model): the model is trained on k-1 folds and
 * judged on the fold it never saw. The thresholds are chosen as `npm run nlu:train` chooses them, from the same
 * folds' held-out guesses (so a line's own guess has a small say in its set's threshold). `judged` (default: all)
 * limits which utterances are scored, e.g. one file's. Note the phrases were written with the earlier sets in view
 * (docs/nlu-evaluation.md).
 */
export async function crossValidateNlu(cases: readonly NluEvalCase[], intents: IntentsByLocale, k: number, judged: readonly NluEvalCase[] = cases): Promise<NluEvalReport> {
  const keyword = createKeywordClassifier(intents);
  const { models, evidence } = trainFolds(cases, intents, k, keyword);
  const thresholds = chooseThresholds(evidence);
  const readers = models.map((stored) => withIntentModel(keyword, intentModelOf(withThresholds(stored, thresholds), intents)));
  return evaluateNlu((request) => readers[foldOf(request, k)]!.classify(request), [...judged]);
}
