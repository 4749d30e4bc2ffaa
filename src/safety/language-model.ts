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

/** Letters that settle the question on their own. A new language with its own script adds its range here. */
const OWN_LETTERS: Partial<Record<ScreenLanguage, RegExp>> = { pl: /[ąćęłńśźż]/ };
/** Average log-likelihood ratio per trigram needed to call a sentence one language only. */
const MARGIN = 0.35;
const MIN_TRIGRAMS = 6;

export function trigramsOf(text: string): string[] {
  const padded = ` ${text.replace(/[^\p{L} ]+/gu, ' ').replace(/ +/g, ' ').trim()} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

export function trainLanguageModel(samples: { lang: ScreenLanguage; text: string }[], normalise: (t: string) => string): LanguageModel {
  const counts = new Map<string, Map<string, number>>();
  for (const { lang, text } of samples) {
    const table = counts.get(lang) ?? new Map<string, number>();
    counts.set(lang, table);
    for (const g of trigramsOf(normalise(text))) table.set(g, (table.get(g) ?? 0) + 1);
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
  const tables = languages.map((lang) => ({ lang, logp: new Map(Object.entries(model.logp[lang] ?? {})), floor: model.floor[lang] ?? -12 }));
  return (raw: string, normalised: string): ScreenLanguage[] => {
    for (const lang of languages) if (OWN_LETTERS[lang]?.test(raw)) return [lang];
    const grams = trigramsOf(normalised);
    if (grams.length < MIN_TRIGRAMS || tables.length < 2) return [...languages];
    const scores = tables.map(({ lang, logp, floor }) => {
      let sum = 0;
      for (const g of grams) sum += logp.get(g) ?? floor;
      return { lang, score: sum / grams.length };
    });
    scores.sort((a, b) => b.score - a.score);
    const best = scores[0]!;
    return scores.filter((s) => best.score - s.score < MARGIN).map((s) => s.lang);
  };
}
