import type { SafetyHit } from './categories.js';
import type { LabelledMessage } from './corpus.js';
import { evaluateSafety, type SafetyEvalReport } from './evaluate.js';
import type { LanguageLexicon } from './load-safety-lexicon.js';
import { createSafetyScreen } from './screen-message.js';
import { trainClassifier } from './train-classifier.js';
import { stableHash } from '../stable-hash.js';

/**
 * k-fold cross-validation of the whole screen: the classifier (and its language detector and word list) is
 * trained on k-1 folds and the full screen, rules included, judged on the fold it never saw. Folds are dealt
 * round-robin after a fixed shuffle, so a run is repeatable.
 */
export function crossValidate(messages: readonly LabelledMessage[], languages: LanguageLexicon[], k: number): SafetyEvalReport {
  const order = messages.map((_, i) => i).sort((a, b) => stableHash(messages[a]!.text) - stableHash(messages[b]!.text) || a - b);
  const foldOf = new Map(order.map((index, position) => [index, position % k]));
  const hits: (SafetyHit | null)[] = new Array(messages.length).fill(null);
  for (let fold = 0; fold < k; fold++) {
    const training = messages.filter((_, i) => foldOf.get(i) !== fold);
    const screen = createSafetyScreen({ languages, model: trainClassifier(training, languages).model });
    messages.forEach((m, i) => {
      if (foldOf.get(i) === fold) hits[i] = screen(m.text);
    });
  }
  return evaluateSafety((_, i) => hits[i] ?? null, messages);
}
