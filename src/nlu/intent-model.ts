import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { intentFeatures } from './intent-features.js';
import { INTENT_SETS, type IntentMatch, type IntentRequest, type IntentsByLocale } from './intent-sets.js';
import { createModelWordings } from './model-wording.js';

/** The model's answer for "none of this step's intents": the keyword layer and the rest of the bot take over. */
export const NO_INTENT = '_none';

/** One set's multinomial logistic regression: per feature, the weight it adds to each class it speaks for. */
const setModelSchema = z.strictObject({
  classes: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** Feature → [class index, weight, class index, weight, …]; weights near zero are pruned. */
  weights: z.record(z.string(), z.array(z.number())),
  /** A guess below this probability is no guess (chosen by cross-validation, see train-intent-model.ts). */
  threshold: z.number().min(0).max(1),
});
export type SetModel = z.infer<typeof setModelSchema>;

/** 2: the model reads words respelled and concepts named by the intents files; a version-1 model would misread them. */
export const INTENT_MODEL_VERSION = 2;

export const storedIntentModelSchema = z.strictObject({
  version: z.literal(INTENT_MODEL_VERSION),
  trained: z.strictObject({ lines: z.number(), files: z.array(z.string()) }),
  sets: z.record(z.string(), setModelSchema),
});
export type StoredIntentModel = z.infer<typeof storedIntentModelSchema>;

export type IntentModel = { predict(request: IntentRequest): IntentMatch | null };

export const DEFAULT_INTENT_MODEL = new URL('./model/intent-model.json', import.meta.url);

/** The model reads words as the intents files spell them, so it takes the same files the phrases come from. */
export function loadIntentModel(intents: IntentsByLocale, path: string | URL = DEFAULT_INTENT_MODEL): IntentModel {
  const text = readFileSync(path, 'utf8');
  // Checking 2.5 MB of weights against the schema took a third of a second of every start: the build checks the
  // model it ships (checkIntentModelAtBuild), and a start checks only a model the build did not.
  const stored = readCheckedDigest(path) === digestOf(text) ? (JSON.parse(text) as StoredIntentModel) : parseStoredModel(text);
  return intentModelOf(stored, intents);
}

/** For `npm run build`: check the shipped model against the schema (throwing if it fails) and note its digest beside it. */
export function checkIntentModelAtBuild(path: string | URL = DEFAULT_INTENT_MODEL): void {
  const text = readFileSync(path, 'utf8');
  intentModelOf(parseStoredModel(text), new Map());
  writeFileSync(checkedDigestFile(path), digestOf(text));
}

function parseStoredModel(text: string): StoredIntentModel {
  const parsed = storedIntentModelSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not an intent model this version can read; run npm run nlu:train (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

const checkedDigestFile = (path: string | URL) => (typeof path === 'string' ? `${path}.checked` : new URL(`${path.href}.checked`));
const digestOf = (text: string) => createHash('sha256').update(text).digest('hex');

function readCheckedDigest(path: string | URL): string | undefined {
  try {
    return readFileSync(checkedDigestFile(path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Applies a stored (or freshly trained) model; a model trained for other intent ids is refused, never misread. */
export function intentModelOf(stored: StoredIntentModel, intents: IntentsByLocale): IntentModel {
  for (const [set, model] of Object.entries(stored.sets)) {
    const known = new Set<string>([NO_INTENT, ...((INTENT_SETS as Record<string, readonly string[]>)[set] ?? [])]);
    const unknown = model.classes.find((c) => !known.has(c));
    if (unknown) throw new Error(`the intent model knows '${set}/${unknown}', which the bot does not; run npm run nlu:train`);
  }
  const wordings = createModelWordings(intents);
  return {
    predict(request) {
      const model = stored.sets[request.set];
      if (!model) return null;
      const p = probabilities(model, intentFeatures(request.text, request.locale, wordings.get(request.locale)));
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
      const intent = model.classes[best]!;
      if (intent === NO_INTENT || p[best]! < model.threshold) return null;
      return { intent, confidence: Math.round(p[best]! * 100) / 100 };
    },
  };
}

/** Softmax over the classes of (bias + the weights of the features present, scaled by 1/sqrt(count)). */
export function probabilities(model: SetModel, features: readonly string[]): number[] {
  const scores = [...model.bias];
  const scale = 1 / Math.sqrt(Math.max(1, features.length));
  for (const f of features) {
    const row = model.weights[f];
    if (!row) continue;
    for (let i = 0; i < row.length; i += 2) scores[row[i]!]! += row[i + 1]! * scale;
  }
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}
