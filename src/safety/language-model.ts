import type { ScreenLanguage } from './categories.js';

/**
 * Which language(s) a sentence is in, from letter trigrams learnt from the corpus (its lang column), plus letters
 * only one language uses (Polish ą, ł, ż...). Cheap: one table lookup per letter. A sentence too short or too
 * close to call is given to every language, so nothing is screened by no one; but a sentence that is clearly
 * Polish is never read with English words ("od dawna" is not an overdose), and the other way round.
 */
export interface LanguageModel {
  /** log P(trigram | language) for trigrams seen at least twice; `floor` for the rest. */
  logp: Record<string, Record<string, number>>;
  floor: Record<string, number>;
}

/**
 * Letters that settle the question on their own. A new language with its own script adds its range here. Urdu is
 * also written in Latin letters (Roman Urdu): those sentences are told from English and Polish by the trigrams.
 */
const OWN_LETTERS: Partial<Record<ScreenLanguage, RegExp>> = { pl: /[ąćęłńśźż]/, ur: /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/ };
const LATIN = /[a-z]/;
const LATIN_TRIGRAM = /^[\s\u0020-\u024f]{3}$/;
const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}\s]/u;
/** Average log-likelihood ratio per trigram needed to call a sentence one language only. */
const MARGIN = 0.35;
const MIN_TRIGRAMS = 6;

/** A letter after normalising (a-z, or letters of other scripts); digits, emoji and marks count as spaces. */
const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 0xc0 && code < 0x2000);

/**
 * Calls `visit` with each letter trigram of `text` (runs of non-letters read as one space, padded with a space at
 * each end) as its three character codes, so the detector looks up numbers, not new strings, for every letter.
 */
export function forEachTrigram(text: string, visit: (a: number, b: number, c: number) => void): void {
  let a = 32;
  let b = 32;
  let previousSpace = true;
  const push = (c: number) => {
    if (a !== 32 || b !== 32 || c !== 32) visit(a, b, c);
    a = b;
    b = c;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isLetter(code)) {
      if (previousSpace && (a !== 32 || b !== 32)) push(32);
      push(code);
      previousSpace = false;
    } else previousSpace = true;
  }
  if (a !== 32 || b !== 32) push(32);
}

export function trainLanguageModel(samples: { lang: ScreenLanguage; text: string }[], normalise: (t: string) => string): LanguageModel {
  const counts = new Map<string, Map<string, number>>();
  for (const { lang, text } of samples) {
    const table = counts.get(lang) ?? new Map<string, number>();
    counts.set(lang, table);
    forEachTrigram(normalise(text), (a, b, c) => {
      const g = String.fromCharCode(a, b, c);
      // Only Latin trigrams: other scripts are settled by OWN_LETTERS, and counting them would make a language
      // written in two scripts (Urdu) look unlikely for its Latin-letter sentences.
      if (!LATIN_TRIGRAM.test(g)) return;
      table.set(g, (table.get(g) ?? 0) + 1);
    });
  }
  const model: LanguageModel = { logp: {}, floor: {} };
  for (const [lang, table] of counts) {
    let total = 0;
    for (const n of table.values()) total += n;
    const denominator = total + table.size + 1;
    const kept: Record<string, number> = {};
    for (const [g, n] of [...table].sort(([a], [b]) => (a < b ? -1 : 1))) if (n >= 2) kept[g] = round(Math.log((n + 1) / denominator));
    model.logp[lang] = kept;
    model.floor[lang] = round(Math.log(1 / denominator));
  }
  return model;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** `raw` keeps its accents (for OWN_LETTERS); `normalised` is what the trigrams were learnt on. */
export function createLanguageDetector(model: LanguageModel, languages: readonly ScreenLanguage[]) {
  // One penalty for a trigram a language never showed, the harshest: a language with fewer lines has a milder
  // floor of its own, and would otherwise win every sentence of odd spellings ("kmsssss", "suicidal again").
  const floor = Math.min(-12, ...languages.map((lang) => model.floor[lang] ?? -12));
  // One lookup per trigram for all languages: a trigram's log-probabilities (the floor where a language has
  // none) in a plain array for trigrams of a-z and space, most of any message, else in a map.
  const L = languages.length;
  const plain = new Float64Array(27 ** 3 * L).fill(floor);
  const rows = new Map<number, Float64Array>();
  languages.forEach((lang, t) => {
    for (const [g, p] of Object.entries(model.logp[lang] ?? {})) {
      const [a, b, c] = [g.charCodeAt(0), g.charCodeAt(1), g.charCodeAt(2)];
      const index = plainIndex(a, b, c);
      if (index >= 0) {
        plain[index * L + t] = p;
        continue;
      }
      const key = trigramKey(a, b, c);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = new Float64Array(L).fill(floor)));
      row[t] = p;
    }
  });
  const floorRow = new Float64Array(L).fill(floor);
  return (raw: string, normalised: string): ScreenLanguage[] => {
    for (const lang of languages) if (OWN_LETTERS[lang]?.test(raw)) return [lang];
    // Letters, but none in the Latin script nor a screen language's own script (Chinese, Cyrillic...): no
    // language's words may read it. A language with its own script joins by adding OWN_LETTERS above.
    if (OTHER_SCRIPT.test(normalised) && !LATIN.test(normalised)) return [];
    if (languages.length < 2) return [...languages];
    const sums = new Float64Array(languages.length);
    let count = 0;
    forEachTrigram(normalised, (a, b, c) => {
      count++;
      const index = plainIndex(a, b, c);
      if (index >= 0) {
        for (let t = 0; t < L; t++) sums[t]! += plain[index * L + t]!;
        return;
      }
      const row = rows.get(trigramKey(a, b, c)) ?? floorRow;
      for (let t = 0; t < L; t++) sums[t]! += row[t]!;
    });
    if (count < MIN_TRIGRAMS) return [...languages];
    const scores = languages.map((lang, t) => ({ lang, score: sums[t]! / count }));
    scores.sort((a, b) => b.score - a.score);
    const best = scores[0]!;
    return scores.filter((s) => best.score - s.score < MARGIN).map((s) => s.lang);
  };
}

/** Space → 0, a-z → 1-26, anything else → -1. */
const plainCode = (code: number) => (code === 32 ? 0 : code >= 97 && code <= 122 ? code - 96 : -1);
/** A trigram of a-z and spaces as a number below 27³, or -1. */
function plainIndex(a: number, b: number, c: number): number {
  const x = plainCode(a);
  const y = plainCode(b);
  const z = plainCode(c);
  return x < 0 || y < 0 || z < 0 ? -1 : (x * 27 + y) * 27 + z;
}

/** Three letters below U+0400 packed in 30 bits (a small integer); others in 48 bits, negated. */
function trigramKey(a: number, b: number, c: number): number {
  return a < 0x400 && b < 0x400 && c < 0x400 ? (a << 20) | (b << 10) | c : -((a * 0x10000 + b) * 0x10000 + c);
}
