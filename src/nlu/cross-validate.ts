import { evaluateNlu, type NluEvalCase, type NluEvalReport } from './evaluate.js';
import { intentModelOf } from './intent-model.js';
import type { IntentsByLocale } from './intent-sets.js';
import { createKeywordClassifier } from './keyword-classifier.js';
import { trainIntentModel } from './train-intent-model.js';
import { withIntentModel } from './understand-intents.js';

/**
 * k-fold cross-validation of the whole reading (phrases, then the model): the model is trained on k-1 folds and
 * judged on the fold it never saw. The same text always falls in the same fold, so a line repeated in two files
 * never tests on itself. `judged` (default: all) limits which utterances are scored, e.g. one file's. Note the phrases were written with the earlier sets in view (docs/nlu-evaluation.md).
 */
export async function crossValidateNlu(cases: readonly NluEvalCase[], intents: IntentsByLocale, k: number, judged: readonly NluEvalCase[] = cases): Promise<NluEvalReport> {
  const keyword = createKeywordClassifier(intents);
  const keywordFinds = (request: Parameters<typeof keyword.classify>[0]) => keyword.classify(request) !== null;
  const foldOf = (c: { locale: string; text: string }) => hash(`${c.locale}\t${c.text.trim().toLowerCase()}`) % k;
  const readers = Array.from({ length: k }, (_, fold) =>
    withIntentModel(keyword, intentModelOf(trainIntentModel({ utterances: cases.filter((c) => foldOf(c) !== fold), intents, keywordFinds }), intents)),
  );
  return evaluateNlu((request) => readers[foldOf(request)]!.classify(request), [...judged]);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
