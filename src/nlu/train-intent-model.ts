import { seededRandom } from '../seeded-random.js';
import { expandConcepts } from './expand-concepts.js';
import { intentFeatures } from './intent-features.js';
import { NO_INTENT, type SetModel, type StoredIntentModel } from './intent-model.js';
import { INTENT_SETS, type IntentRequest, type IntentsByLocale } from './intent-sets.js';

/** A labelled utterance; set and intent `none` for one that means nothing the bot asks about. */
export type LabelledUtterance = { set: string; intent: string; locale: string; text: string };

const EPOCHS = 24;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;
const PRUNE_BELOW = 0.1;
/**
 * The probability a guess needs. Chosen with `npm run eval:nlu -- --cv 5` (docs/nlu-evaluation.md): lower lets
 * the model claim chit-chat ("who won the match") for some step; higher leaves more answers silently unread.
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
 * "none of these" every other utterance the set's phrases don't claim (a life change typed at the interest
 * question is not an interest: the step then reads it with the whole bot's intents). Deterministic.
 */
export function trainIntentModel({ utterances, intents, keywordFinds }: TrainingInput, files: string[] = []): StoredIntentModel {
  const sets: Record<string, SetModel> = {};
  for (const [set, ids] of Object.entries(INTENT_SETS)) {
    const examples: { text: string; locale: string; intent: string }[] = [];
    for (const [locale, file] of intents) {
      for (const [intent, phrases] of Object.entries((file as Record<string, Record<string, string[] | undefined> | undefined>)[set] ?? {})) {
        for (const phrase of phrases ?? []) {
          for (const text of expandConcepts(phrase, file._concepts)) examples.push({ text: text.replace(/\*/g, ''), locale, intent });
        }
      }
    }
    for (const u of utterances) {
      if (u.set === set) examples.push(u);
      else if (!keywordFinds({ text: u.text, locale: u.locale, set })) examples.push({ ...u, intent: NO_INTENT });
    }
    sets[set] = trainSet([...ids, NO_INTENT], examples);
  }
  return { version: 1, trained: { lines: utterances.length, files }, sets };
}

function trainSet(classes: string[], examples: readonly { text: string; locale: string; intent: string }[]): SetModel {
  const index = new Map<string, number>();
  const rows = examples.map((e) => ({
    y: classes.indexOf(e.intent),
    features: intentFeatures(e.text, e.locale).map((f) => index.get(f) ?? index.set(f, index.size).get(f)!),
  }));
  const C = classes.length;
  const weights = new Float32Array(index.size * C);
  const bias = new Float64Array(C);
  const scores = new Float64Array(C);
  const order = rows.map((_, i) => i);
  const random = seededRandom(20261207);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = LEARNING_RATE / (1 + epoch * 0.3);
    for (const r of order) {
      const { y, features } = rows[r]!;
      if (y < 0) continue;
      const v = 1 / Math.sqrt(Math.max(1, features.length));
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        let s = bias[c]!;
        for (const f of features) s += weights[f * C + c]! * v;
        scores[c] = s;
        max = Math.max(max, s);
      }
      let total = 0;
      for (let c = 0; c < C; c++) total += scores[c] = Math.exp(scores[c]! - max);
      for (let c = 0; c < C; c++) {
        const gradient = scores[c]! / total - (c === y ? 1 : 0);
        bias[c]! -= rate * gradient * 0.1;
        for (const f of features) {
          const k = f * C + c;
          weights[k] = weights[k]! * (1 - rate * L2) - rate * gradient * v;
        }
      }
    }
  }
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
