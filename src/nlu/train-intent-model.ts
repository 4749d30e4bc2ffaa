import { trainSoftmax } from '../learning/softmax-regression.js';
import { expandConcepts } from './expand-concepts.js';
import { intentFeatures } from './intent-features.js';
import { createModelWordings, type ModelWordings } from './model-wording.js';
import { INTENT_MODEL_VERSION, NO_INTENT, type SetModel, type StoredIntentModel } from './intent-model.js';
import { INTENT_SETS, notAnAnswer, type IntentRequest, type IntentSet, type IntentsByLocale } from './intent-sets.js';

/** A labelled utterance; set and intent `none` for one that means nothing the bot asks about. */
export type LabelledUtterance = { set: string; intent: string; locale: string; text: string };

const EPOCHS = 24;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;
const PRUNE_BELOW = 0.1;
/**
 * The probability a guess needs, unless `npm run nlu:train` finds by cross-validation that another reads more
 * held-out lines right for a set (calibrate-thresholds.ts): lower lets the model claim chit-chat ("who won the
 * match") for some step; higher leaves more answers silently unread.
 */
export const MODEL_THRESHOLD = 0.45;

export interface TrainingInput {
  utterances: readonly LabelledUtterance[];
  /** Every phrase of the intents files is a short example of its intent, in every set it is listed. */
  intents: IntentsByLocale;
  /** Whether the keyword layer already reads the text as one of the set's intents (then it is no counter-example). */
  keywordFinds: (request: IntentRequest) => boolean;
}

/**
 * One model per intent set, learnt from the intents files' phrases, the labelled utterances of that set, and as
 * "none of these" the off-topic phrases and every other utterance the set's phrases don't claim (a life change typed at the interest
 * question is not an interest: the step then reads it with the whole bot's intents). Deterministic.
 */
export function trainIntentModel({ utterances, intents, keywordFinds }: TrainingInput, files: string[] = []): StoredIntentModel {
  const sets: Record<string, SetModel> = {};
  const wordings = createModelWordings(intents);
  for (const [set, ids] of Object.entries(INTENT_SETS)) {
    const examples: Example[] = [];
    for (const [locale, file] of intents) {
      for (const [intent, phrases] of Object.entries((file as Record<string, Record<string, string[] | undefined> | undefined>)[set] ?? {})) {
        for (const phrase of phrases ?? []) {
          // A concept phrase stands for one way of saying it, however many words its concepts list: its expansions
          // share one example's weight, so "my @relative …" phrases do not teach that any message about a relative
          // is about caring (the concept itself is a feature the model sees).
          const texts = expandConcepts(phrase, file._concepts);
          for (const text of texts) examples.push({ text: text.replace(/\*/g, ''), locale, intent, weight: 1 / texts.length });
        }
      }
      // What the bot does not do, and doubt at a yes/no question, are "none of these"; so is doubt ("dunno") in a
      // set whose phrases do not read it (the interest question reads it as "any"; no life event or menu choice does).
      const doubt = (file._unsure ?? []).filter((phrase) => !keywordFinds({ text: phrase, locale, set }));
      for (const phrase of new Set([...notAnAnswer(file, set as IntentSet), ...doubt])) {
        // Concepts here too ("@laugh @ack" is "haha ok", "lol alright"…), their expansions sharing one weight.
        const texts = expandConcepts(phrase, file._concepts);
        for (const text of texts) examples.push({ text: text.replace(/\*/g, ''), locale, intent: NO_INTENT, weight: 1 / texts.length });
      }
    }
    for (const u of utterances) {
      if (u.set === set) examples.push(u);
      else if (!keywordFinds({ text: u.text, locale: u.locale, set })) examples.push({ ...u, intent: NO_INTENT });
    }
    sets[set] = trainSet([...ids, NO_INTENT], examples, wordings);
  }
  return { version: INTENT_MODEL_VERSION, trained: { lines: utterances.length, files }, sets };
}

type Example = { text: string; locale: string; intent: string; weight?: number };

function trainSet(classes: string[], examples: readonly Example[], wordings: ModelWordings): SetModel {
  const index = new Map<string, number>();
  const rows = examples.map((e) => ({
    y: classes.indexOf(e.intent),
    weight: e.weight,
    features: intentFeatures(e.text, e.locale, wordings.get(e.locale)).map((f) => index.get(f) ?? index.set(f, index.size).get(f)!),
  }));
  const C = classes.length;
  const known = rows.filter((r) => r.y >= 0);
  const { weights, bias } = trainSoftmax(known, index.size, C, { epochs: EPOCHS, learningRate: LEARNING_RATE, l2: L2, seed: 20261207 });
  const stored: Record<string, number[]> = {};
  for (const [feature, f] of [...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const row: number[] = [];
    for (let c = 0; c < C; c++) {
      const w = weights[f * C + c]!;
      if (Math.abs(w) >= PRUNE_BELOW) row.push(c, Math.round(w * 100) / 100);
    }
    if (row.length) stored[feature] = row;
  }
  return { classes, bias: [...bias].map((b) => Math.round(b * 1000) / 1000), weights: stored, threshold: MODEL_THRESHOLD };
}
