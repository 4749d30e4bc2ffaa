export { safetyCategorySchema, safetyLexiconSchema, type SafetyCategory, type SafetyLexicon } from './safety-lexicon.js';
export { createSafetyScreen, type SafetyHit, type ScreenMessage } from './screen-message.js';
export { loadSafetyLexicon, SafetyLexiconError } from './load-safety-lexicon.js';
export { createDutyAlert, type DutyAlert, type DutyAlertOptions, type DutyAlertEvent, type DutyAlertStatus } from './duty-alert.js';
