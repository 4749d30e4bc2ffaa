export { safetyCategorySchema, screenLanguageSchema, URGENCY, type SafetyCategory, type SafetyHit, type SafetyLevel, type ScreenLanguage, type ScreenMessage } from './categories.js';
export { createSafetyScreen, type SafetyScreen } from './screen-message.js';
export { loadSafetyLexicon, SafetyLexiconError, type SafetyLexicon, type LanguageLexicon } from './load-safety-lexicon.js';
export { createDutyAlert, type DutyAlert, type DutyAlertOptions, type DutyAlertEvent, type DutyAlertStatus } from './duty-alert.js';
