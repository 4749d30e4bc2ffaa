import { stableHash } from '../stable-hash.js';
import { NONE, type NluEvalCase } from './evaluate.js';
import { intentModelOf, type StoredIntentModel } from './intent-model.js';
import { INTENT_SETS, type IntentRequest, type IntentsByLocale } from './intent-sets.js';
import type { KeywordClassifier } from './keyword-classifier.js';
import { MODEL_THRESHOLD, trainIntentModel } from './train-intent-model.js';

/** What a model trained without a line guessed for it, at a step where no phrase reads it (where the model is asked). */
type Evidence = { set: string; want: string | null; guess: string | null; p: number };

/**
 * The probabilities a threshold may take: the default (MODEL_THRESHOLD) or higher, never lower. The held-out lines
 * are asked only at their own step, but the bot asks every step's reply of the whole bot's intents, so a set
 * lower than the default would claim replies at other steps that no line here judges: at 0.3, "dont know" where a
 * town is asked read as moving home (test/conversations/activities.places.yaml). Evidence of those other steps
 * (every line as nothing at every other set) pushed every set to 0.55-0.7 and left 0.5% more answers unread.
 */
const CANDIDATES = [0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
/**
 * A set's threshold moves from the default only when that reads at least this many more held-out lines right: a
 * set the phrases leave few lines for (the model answers rarely there) keeps the default rather than chase one line.
 */
const MIN_GAIN = 2;

/** The same text always falls in the same fold, so a line repeated in two files never tests on itself. */
export function foldOf(c: { locale: string; text: string }, k: number): number {
  return stableHash(`${c.locale}\t${c.text.trim().toLowerCase()}`) % k;
}

/**
 * k models, each trained without one fold, and what each guessed for its fold's lines the phrases leave unread
 * (a none/none line at every step, any other at its own step, as the evaluation asks them).
 */
export function trainFolds(cases: readonly NluEvalCase[], intents: IntentsByLocale, k: number, keyword: KeywordClassifier): { models: StoredIntentModel[]; evidence: Evidence[] } {
  const keywordFinds = (request: IntentRequest) => keyword.classify(request) !== null;
  // Where the phrases answer, or know the message to be off-topic, the model is never asked.
  const phrasesRead = (request: IntentRequest) => {
    const found = keyword.read(request);
    return found.matches.length > 0 || found.offTopic;
  };
  const evidence: Evidence[] = [];
  const models = Array.from({ length: k }, (_, fold) => {
    const stored = trainIntentModel({ utterances: cases.filter((c) => foldOf(c, k) !== fold), intents, keywordFinds });
    // Every guess with its probability, whatever the threshold.
    const open = intentModelOf({ ...stored, sets: Object.fromEntries(Object.entries(stored.sets).map(([set, m]) => [set, { ...m, threshold: 0 }])) }, intents);
    for (const c of cases.filter((c) => foldOf(c, k) === fold)) {
      for (const set of c.set === NONE ? Object.keys(INTENT_SETS) : [c.set]) {
        const request = { text: c.text, locale: c.locale, set };
        if (phrasesRead(request)) continue;
        const guess = open.predict(request);
        evidence.push({ set, want: c.set === NONE ? null : c.intent, guess: guess?.intent ?? null, p: guess?.confidence ?? 0 });
      }
    }
    return stored;
  });
  return { models, evidence };
}

/**
 * Per intent set, the probability a guess needs: the candidate that reads the most held-out lines right (a guess
 * at chit-chat or a wrong intent is wrong, so is silence on an answer), the default unless another is clearly better.
 */
export function chooseThresholds(evidence: readonly Evidence[]): Record<string, number> {
  const thresholds: Record<string, number> = {};
  for (const set of Object.keys(INTENT_SETS)) {
    const lines = evidence.filter((e) => e.set === set);
    const right = (t: number) => lines.filter((e) => (e.guess && e.p >= t ? e.guess : null) === e.want).length;
    let best = MODEL_THRESHOLD;
    for (const t of CANDIDATES) if (right(t) > right(best) || (right(t) === right(best) && Math.abs(t - MODEL_THRESHOLD) < Math.abs(best - MODEL_THRESHOLD))) best = t;
    thresholds[set] = right(best) - right(MODEL_THRESHOLD) >= MIN_GAIN ? best : MODEL_THRESHOLD;
  }
  return thresholds;
}

/** A stored model with these thresholds. */
export function withThresholds(stored: StoredIntentModel, thresholds: Record<string, number>): StoredIntentModel {
  return { ...stored, sets: Object.fromEntries(Object.entries(stored.sets).map(([set, m]) => [set, { ...m, threshold: thresholds[set] ?? m.threshold }])) };
}
