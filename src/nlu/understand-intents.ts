import type { IntentModel } from './intent-model.js';
import type { KeywordClassifier } from './keyword-classifier.js';

/**
 * The bot's reading of free text: the intents files' phrases first (exact, editable by the comms team), and when
 * they find nothing, the trained model, which generalises from examples to wordings no phrase lists. A message the
 * phrases know to be off-topic ("what's the weather") is not guessed at.
 */
export function withIntentModel(keyword: KeywordClassifier, model: IntentModel): KeywordClassifier {
  // One pass over the phrases answers both: what the message means, and whether it is off-topic.
  const read: KeywordClassifier['read'] = (request) => {
    const found = keyword.read(request);
    if (found.matches.length || found.offTopic) return found;
    const guess = model.predict(request);
    return { matches: guess ? [guess] : [], offTopic: false };
  };
  const classifyAll: KeywordClassifier['classifyAll'] = (request) => read(request).matches;
  return { read, classifyAll, classify: (request) => classifyAll(request)[0] ?? null };
}
