import type { IntentModel } from './intent-model.js';
import type { KeywordClassifier } from './keyword-classifier.js';

/**
 * The bot's reading of free text: the intents files' phrases first (exact, editable by the comms team), and when
 * they find nothing, the trained model, which generalises from examples to wordings no phrase lists. A message the
 * phrases know to be off-topic ("what's the weather") is not guessed at.
 */
export function withIntentModel(keyword: KeywordClassifier, model: IntentModel): KeywordClassifier {
  const classifyAll: KeywordClassifier['classifyAll'] = (request) => {
    const found = keyword.classifyAll(request);
    if (found.length || keyword.isOffTopic(request)) return found;
    const guess = model.predict(request);
    return guess ? [guess] : [];
  };
  return { classifyAll, classify: (request) => classifyAll(request)[0] ?? null, isOffTopic: keyword.isOffTopic };
}
