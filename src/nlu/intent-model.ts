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
  const raw = readFileSync(path);
  const digest = digestOf(raw);
  // The preview reloads the bot on every saved edit of flows or content: the weights, unchanged, are read once.
  if (lastRead?.digest !== digest) lastRead = { digest, sets: readScoringSets(path, raw, digest) };
  return intentModelOfSets(lastRead.sets, intents);
}

/** The scoring sets of the model file last read in this process (they are never changed once made). */
let lastRead: { digest: string; sets: Record<string, ScoringSet> } | undefined;

// Reading 2.8 MB of JSON weights (and checking them against the schema) was a tenth of every start: the build
// checks the model it ships and packs its weights beside it (checkIntentModelAtBuild), and a start reads the
// packed weights when they were made from these very bytes, else the JSON, checked.
function readScoringSets(path: string | URL, raw: Buffer, digest: string): Record<string, ScoringSet> {
  return readPackedModel(packedFile(path), digest) ?? scoringSetsOf(parseStoredModel(raw.toString('utf8')));
}

/** For `npm run build`: check the shipped model against the schema (throwing if it fails) and pack its weights beside it. */
export function checkIntentModelAtBuild(path: string | URL = DEFAULT_INTENT_MODEL): void {
  const raw = readFileSync(path);
  const stored = parseStoredModel(raw.toString('utf8'));
  intentModelOf(stored, new Map());
  writePackedModel(packedFile(path), digestOf(raw), stored);
}

function parseStoredModel(text: string): StoredIntentModel {
  const parsed = storedIntentModelSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not an intent model this version can read; run npm run nlu:train (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

const packedFile = (path: string | URL) => (typeof path === 'string' ? `${path}.packed` : new URL(`${path.href}.packed`));
const digestOf = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

/**
 * One set's weights laid out for scoring: feature `f` (row `rows().get(f)`) adds, for i from `starts[row]` to
 * `starts[row + 1]` in steps of two, `values[i + 1]` to class `values[i]` (the stored rows, end to end). The rows
 * by feature (a hundred thousand over all sets) are made when the set is first asked, not at start.
 */
type ScoringSet = Pick<SetModel, 'classes' | 'bias' | 'threshold'> & { rows: () => ReadonlyMap<string, number>; starts: Uint32Array; values: Float64Array };

/** Made at the first call, then the same. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function scoringSetOf(model: SetModel): ScoringSet {
  const features = Object.keys(model.weights);
  const starts = new Uint32Array(features.length + 1);
  features.forEach((f, row) => (starts[row + 1] = starts[row]! + model.weights[f]!.length));
  const values = new Float64Array(starts[features.length]!);
  features.forEach((f, row) => values.set(model.weights[f]!, starts[row]));
  const rows = new Map(features.map((f, row) => [f, row]));
  return { classes: model.classes, bias: model.bias, threshold: model.threshold, rows: () => rows, starts, values };
}

/**
 * The packed file: a 4-byte length, a JSON header (the layout, the digest of the model it was made from, and per
 * set its classes, bias, threshold, and where its starts, values and features lie), then per set the starts, the
 * values, and the features as UTF-8 lines (read when the set is first asked).
 */
type PackedHeader = {
  layout: typeof PACKED_LAYOUT;
  digest: string;
  /** The digest of everything after the header: a damaged file is not read. */
  body: string;
  sets: Record<string, Pick<SetModel, 'classes' | 'bias' | 'threshold'> & { count: number; starts: number; values: number; length: number; features: number; featureBytes: number }>;
};
const PACKED_LAYOUT = 2;

function writePackedModel(path: string | URL, digest: string, stored: StoredIntentModel): void {
  const header: PackedHeader = { layout: PACKED_LAYOUT, digest, body: '', sets: {} };
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [set, model] of Object.entries(stored.sets)) {
    const { starts, values, rows } = scoringSetOf(model);
    // Each array starts at a multiple of 8 bytes from the end of the header, as a typed array needs.
    const startsBytes = Buffer.from(starts.buffer, 0, starts.byteLength);
    const padding = Buffer.alloc((8 - (startsBytes.length % 8)) % 8);
    // One feature a line: features are words and word pairs of normalised text, which has no line breaks.
    if ([...rows().keys()].some((f) => f.includes('\n'))) throw new Error(`the intent model's set '${set}' has a feature with a line break`);
    const features = Buffer.from([...rows().keys()].join('\n'));
    const featuresPadding = Buffer.alloc((8 - (features.length % 8)) % 8);
    const valuesAt = offset + startsBytes.length + padding.length;
    const featuresAt = valuesAt + values.byteLength;
    header.sets[set] = { classes: model.classes, bias: model.bias, threshold: model.threshold, count: rows().size, starts: offset, values: valuesAt, length: values.length, features: featuresAt, featureBytes: features.length };
    parts.push(startsBytes, padding, Buffer.from(values.buffer), features, featuresPadding);
    offset = featuresAt + features.length + featuresPadding.length;
  }
  header.body = digestOf(Buffer.concat(parts));
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  writeFileSync(path, Buffer.concat([length, json, ...parts]));
}

/** The packed sets, or undefined when the file is missing, unreadable, damaged or made from other bytes. */
function readPackedModel(path: string | URL, digest: string): Record<string, ScoringSet> | undefined {
  let header: PackedHeader;
  let body: ArrayBuffer;
  try {
    const file = readFileSync(path);
    const length = file.readUInt32LE(0);
    header = JSON.parse(file.toString('utf8', 4, 4 + length)) as PackedHeader;
    if (header.layout !== PACKED_LAYOUT || header.digest !== digest) return undefined;
    // A copy of its own, so every array is aligned however the file's bytes were placed.
    body = file.buffer.slice(file.byteOffset + 4 + length, file.byteOffset + file.length);
    if (digestOf(Buffer.from(body)) !== header.body) return undefined;
  } catch {
    return undefined;
  }
  const sets: Record<string, ScoringSet> = {};
  for (const [set, { count, starts, values, length, features, featureBytes, ...model }] of Object.entries(header.sets)) {
    const rows = once(() => new Map(count ? Buffer.from(body, features, featureBytes).toString('utf8').split('\n').map((f, row) => [f, row]) : []));
    sets[set] = { ...model, rows, starts: new Uint32Array(body, starts, count + 1), values: new Float64Array(body, values, length) };
  }
  return sets;
}

/** Applies a stored (or freshly trained) model; a model trained for other intent ids is refused, never misread. */
export function intentModelOf(stored: StoredIntentModel, intents: IntentsByLocale): IntentModel {
  return intentModelOfSets(scoringSetsOf(stored), intents);
}

const scoringSetsOf = (stored: StoredIntentModel): Record<string, ScoringSet> =>
  Object.fromEntries(Object.entries(stored.sets).map(([set, model]) => [set, scoringSetOf(model)]));

function intentModelOfSets(sets: Record<string, ScoringSet>, intents: IntentsByLocale): IntentModel {
  for (const [set, model] of Object.entries(sets)) {
    const known = new Set<string>([NO_INTENT, ...((INTENT_SETS as Record<string, readonly string[]>)[set] ?? [])]);
    const unknown = model.classes.find((c) => !known.has(c));
    if (unknown) throw new Error(`the intent model knows '${set}/${unknown}', which the bot does not; run npm run nlu:train`);
  }
  const wordings = createModelWordings(intents);
  // A turn may ask several sets about one message (the step's, then life events, global, menu): the features are
  // the same for all of them, so they are made once.
  let last: { text: string; locale: string; features: string[] } | undefined;
  const featuresOf = ({ text, locale }: IntentRequest): string[] => {
    if (last?.text !== text || last.locale !== locale) last = { text, locale, features: intentFeatures(text, locale, wordings.get(locale)) };
    return last.features;
  };
  return {
    predict(request) {
      const model = sets[request.set];
      if (!model) return null;
      const p = probabilities(model, featuresOf(request));
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
      const intent = model.classes[best]!;
      if (intent === NO_INTENT || p[best]! < model.threshold) return null;
      return { intent, confidence: Math.round(p[best]! * 100) / 100 };
    },
  };
}

/** A trained set's class probabilities for these features, before it is packed for scoring (tests, training checks). */
export function classProbabilities(model: SetModel, features: readonly string[]): number[] {
  return probabilities(scoringSetOf(model), features);
}

/** Softmax over the classes of (bias + the weights of the features present, scaled by 1/sqrt(count)). */
function probabilities(model: ScoringSet, features: readonly string[]): number[] {
  // Every set a turn reads asks this: one array, filled in place (the same sums in the same order as ever).
  const scores = model.bias.slice();
  const scale = 1 / Math.sqrt(Math.max(1, features.length));
  const { starts, values } = model;
  const rows = model.rows();
  for (const f of features) {
    const row = rows.get(f);
    if (row === undefined) continue;
    for (let i = starts[row]!, end = starts[row + 1]!; i < end; i += 2) scores[values[i]!]! += values[i + 1]! * scale;
  }
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let total = 0;
  for (let c = 0; c < scores.length; c++) total += scores[c] = Math.exp(scores[c]! - max);
  for (let c = 0; c < scores.length; c++) scores[c]! /= total;
  return scores;
}
