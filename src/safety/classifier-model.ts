import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { safetyCategorySchema, type SafetyCategory, type ScreenLanguage } from './categories.js';
import type { LanguageModel } from './language-model.js';

/**
 * The statistical layer: multinomial logistic regression over hashed features (word unigrams and bigrams, letter
 * 3- to 5-grams), one weight row per class (safe + each category). Every feature is hashed together with its
 * language, so English and Polish weights never mix: a Polish sentence is only ever scored with Polish features.
 * Trained by `npm run safety:train` (src/cli/safety-train.ts); this file only loads and applies it.
 */
export const CLASSES = ['safe', ...safetyCategorySchema.options] as const;
export const HASH_BITS = 18;
const SIZE = 1 << HASH_BITS;
const MASK = SIZE - 1;
const C = CLASSES.length;

const storedModelSchema = z.object({
  version: z.literal(1),
  trained: z.object({ at: z.string(), lines: z.number(), files: z.array(z.string()) }),
  hashBits: z.literal(HASH_BITS),
  classes: z.array(z.string()),
  /**
   * Per language, the risk probability (1 - P(safe)) from which the classifier alone gives the full reply, or the
   * check question. Chosen from cross-validation (see THRESHOLDS in train-classifier.ts).
   */
  thresholds: z.record(z.string(), z.object({ clear: z.number(), check: z.number() })),
  bias: z.array(z.number()),
  /** Weights are int8, times `scale`; stored sparse as base64 of [varint gap][C bytes] per used bucket. */
  scale: z.number(),
  weights: z.string(),
  languages: z.object({ logp: z.record(z.string(), z.record(z.string(), z.number())), floor: z.record(z.string(), z.number()) }),
  /** Words seen in the corpus: never split as run-together words. */
  vocabulary: z.array(z.string()),
});
export type StoredModel = z.infer<typeof storedModelSchema>;

export interface ClassifierModel {
  thresholds: Partial<Record<ScreenLanguage, { clear: number; check: number }>>;
  bias: Float64Array;
  /** The weights laid out for scoring (scoringWeights). */
  weights: ScoringWeights;
  languages: LanguageModel;
  vocabulary: ReadonlySet<string>;
}

export function loadClassifierModel(path: string): ClassifierModel {
  const raw = readFileSync(path);
  return readPackedClassifier(packedFile(path), digestOf(raw)) ?? modelOf(parseStoredModel(raw.toString('utf8')));
}

/**
 * For `npm run build`: check the shipped classifier (throwing if it fails) and pack it beside it, laid out for
 * scoring. Checking 1.6 MB of JSON against the schema, unpacking its weights and coding them for scoring was a
 * tenth of a start; a start reads the packed file when it was made from these very bytes, else the JSON, checked.
 */
export function checkClassifierAtBuild(path: string): void {
  const raw = readFileSync(path);
  writePackedClassifier(packedFile(path), digestOf(raw), modelOf(parseStoredModel(raw.toString('utf8'))));
}

function parseStoredModel(text: string): StoredModel {
  const parsed = storedModelSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a classifier this version can read (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  if (parsed.data.classes.join() !== CLASSES.join()) throw new Error(`the classifier was trained for classes ${parsed.data.classes.join(', ')}; retrain it`);
  return parsed.data;
}

function modelOf(stored: StoredModel): ClassifierModel {
  return {
    thresholds: stored.thresholds,
    bias: Float64Array.from(stored.bias),
    weights: scoringWeights(unpackWeights(stored.weights, stored.scale)),
    languages: stored.languages,
    vocabulary: new Set(stored.vocabulary),
  };
}

const packedFile = (path: string) => `${path}.packed`;
const digestOf = (raw: Uint8Array) => createHash('sha256').update(raw).digest('hex');

/**
 * The packed file: a 4-byte length, a JSON header (the digest of the model it was made from, all but the weights,
 * the digest of the codes), then the weights' one-byte codes.
 */
type PackedHeader = Omit<ClassifierModel, 'bias' | 'weights' | 'vocabulary'> & { digest: string; bias: number[]; values: number[]; vocabulary: string[]; codes: string };

function writePackedClassifier(path: string, digest: string, model: ClassifierModel): void {
  // A shipped model always has one-byte codes (int8 weights times a scale).
  if (!('codes' in model.weights)) throw new Error('the classifier has more than 255 distinct weights; retrain it');
  const { codes, values } = model.weights;
  const header: PackedHeader = { digest, thresholds: model.thresholds, bias: [...model.bias], values: [...values], languages: model.languages, vocabulary: [...model.vocabulary], codes: digestOf(codes) };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  writeFileSync(path, Buffer.concat([length, json, codes]));
}

/** The packed model, or undefined when the file is missing, unreadable, damaged or made from other bytes. */
function readPackedClassifier(path: string, digest: string): ClassifierModel | undefined {
  try {
    const file = readFileSync(path);
    const length = file.readUInt32LE(0);
    const { digest: madeFrom, bias, values, vocabulary, codes: codesDigest, ...rest } = JSON.parse(file.toString('utf8', 4, 4 + length)) as PackedHeader;
    if (madeFrom !== digest || file.length - 4 - length !== SIZE * C) return undefined;
    const codes = new Uint8Array(file.buffer, file.byteOffset + 4 + length, SIZE * C);
    if (digestOf(codes) !== codesDigest) return undefined;
    return { ...rest, bias: Float64Array.from(bias), weights: { codes, values: Float64Array.from(values) }, vocabulary: new Set(vocabulary) };
  } catch {
    return undefined;
  }
}

export function packWeights(weights: Float32Array, minimum: number): { scale: number; weights: string } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const bytes: number[] = [];
  let last = -1;
  for (let bucket = 0; bucket < SIZE; bucket++) {
    const row = weights.subarray(bucket * C, bucket * C + C);
    if (!row.some((w) => Math.abs(w) >= minimum)) continue;
    for (let gap = bucket - last; ; gap >>>= 7) {
      if (gap < 0x80) {
        bytes.push(gap);
        break;
      }
      bytes.push((gap & 0x7f) | 0x80);
    }
    last = bucket;
    for (const w of row) bytes.push(Math.max(-127, Math.min(127, Math.round(w / scale))) & 0xff);
  }
  return { scale, weights: Buffer.from(bytes).toString('base64') };
}

function unpackWeights(packed: string, scale: number): Float32Array {
  const bytes = Buffer.from(packed, 'base64');
  const weights = new Float32Array(SIZE * C);
  let bucket = -1;
  for (let at = 0; at < bytes.length; ) {
    let gap = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++]!;
      gap |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    bucket += gap;
    for (let c = 0; c < C; c++) weights[bucket * C + c] = ((bytes[at++]! << 24) >> 24) * scale;
  }
  return weights;
}

export const LANGUAGE_SEED: Record<ScreenLanguage, number> = { en: 0x9e3779b1, pl: 0x85ebca77, ur: 0xc2b2ae3d };
const FNV_PRIME = 16777619;
/** A letter n-gram's hash starts from its language's seed mixed with this, and takes each letter in turn. */
export const ngramStart = (seed: number) => seed ^ 0x27d4eb2f;
export const hashStep = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME);
export const bucketOf = (h: number) => (h >>> 0) & MASK;
export function wordHash(seed: number, word: string): number {
  let h = seed;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}
export const bigramBucket = (previous: number, h: number) => (Math.imul(previous ^ (h >>> 7), 2246822519) >>> 0) & MASK;

/** The letters of ` ${words.join(' ')} `, kept between calls so hashing a long message allocates no strings. */
let letters = new Uint16Array(1024);

/** Hashed feature buckets of one run of words (a sentence or a chunk of one), appended to `out`. */
export function collectFeatures(lang: ScreenLanguage, words: readonly string[], out: number[]): void {
  const seed = LANGUAGE_SEED[lang];
  // A constant feature per language: each language learns its own prior (the Polish corpus has more risky lines).
  out.push(seed & MASK);
  let previous = 0;
  let length = 1;
  for (const word of words) {
    length += word.length + 1;
    const h = wordHash(seed, word);
    out.push(bucketOf(h));
    if (previous) out.push(bigramBucket(previous, h));
    previous = h;
  }
  if (letters.length < length) letters = new Uint16Array(length * 2);
  const text = letters;
  let at = 0;
  text[at++] = 32;
  for (const word of words) {
    for (let i = 0; i < word.length; i++) text[at++] = word.charCodeAt(i);
    text[at++] = 32;
  }
  // Letter 3- to 5-grams of " w1 w2 … ", hashed as they are read.
  for (let i = 0; i + 3 <= length; i++) {
    let h = ngramStart(seed);
    for (let k = 0; k < 5 && i + k < length; k++) {
      h = hashStep(h, text[i + k]!);
      if (k >= 2) out.push(bucketOf(h));
    }
  }
}

/**
 * A model's weights laid out for scoring. A stored model has at most 255 distinct weights (int8 times a scale), so
 * each bucket's class weights become one-byte codes into a table of those values: a quarter of the memory, so a
 * long message's thousands of scattered lookups mostly hit the cache, and exactly the same sums. A model with
 * more distinct weights (one trained in memory for cross-validation) is read as it is.
 */
export type ScoringWeights = { codes: Uint8Array; values: Float64Array } | { floats: Float32Array };

export function scoringWeights(weights: Float32Array): ScoringWeights {
  // Most weights are zero (unused buckets): zero is code 0, which a new array already holds.
  const codeOf = new Map<number, number>([[0, 0]]);
  const codes = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    let code = codeOf.get(w);
    if (code === undefined) {
      if (codeOf.size === 256) return { floats: weights };
      codeOf.set(w, (code = codeOf.size));
    }
    codes[i] = code;
  }
  return { codes, values: Float64Array.from(codeOf.keys()) };
}

/** Adds the class weights of `features` into `scores` (length = CLASSES.length). */
export function sumWeights(weights: ScoringWeights, features: readonly number[], scores: Float64Array): void {
  if ('floats' in weights) {
    for (const f of features) {
      const base = f * C;
      for (let c = 0; c < C; c++) scores[c]! += weights.floats[base + c]!;
    }
    return;
  }
  const { codes, values } = weights;
  for (const f of features) {
    const base = f * C;
    for (let c = 0; c < C; c++) scores[c]! += values[codes[base + c]!]!;
  }
}

/** Softmax of (summed weights / sqrt(feature count) + bias), in place. Feature vectors are L2-normalised binary. */
export function toProbabilities(sums: Float64Array, count: number, bias: Float64Array): Float64Array {
  const norm = 1 / Math.sqrt(Math.max(1, count));
  let max = -Infinity;
  const out = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    out[c] = sums[c]! * norm + bias[c]!;
    max = Math.max(max, out[c]!);
  }
  let total = 0;
  for (let c = 0; c < C; c++) total += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < C; c++) out[c]! /= total;
  return out;
}

export function mostLikelyCategory(p: Float64Array): SafetyCategory {
  let best = 1;
  for (let c = 2; c < C; c++) if (p[c]! > p[best]!) best = c;
  return CLASSES[best] as SafetyCategory;
}
