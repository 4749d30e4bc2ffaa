export { INTENT_SETS, intentSetSchema, intentsFileSchema, intentMatchSchema, type IntentSet, type IntentsFile, type IntentsByLocale, type IntentMatch, type IntentRequest } from './intent-sets.js';
export { loadIntents } from './load-intents.js';
export { createKeywordClassifier, type KeywordClassifier } from './keyword-classifier.js';
export { createIntentClassifier, type IntentClassifier, type IntentClassifierOptions, type ClassifiedIntent } from './intent-classifier.js';
export { loadChatModel } from './load-llm.js';
export { normaliseText } from './normalise-text.js';
export { loadIntentModel, intentModelOf, type IntentModel } from './intent-model.js';
export { withIntentModel } from './understand-intents.js';
