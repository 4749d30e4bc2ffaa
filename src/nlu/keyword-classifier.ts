import { normaliseText } from './normalise-text.js';
import { createWordFixer, type FixWords } from './word-fixer.js';
import { INTENT_SETS, type IntentMatch, type IntentRequest, type IntentsByLocale, type IntentSet } from './intent-sets.js';

export interface KeywordClassifier {
  /** The best intent, or null when no phrase matches. */
  classify(request: IntentRequest): IntentMatch | null;
  /** Every intent found, best first (a resident may name several interests at once). */
  classifyAll(request: IntentRequest): IntentMatch[];
}

type PhraseWord = { text: string; prefix: boolean };
type Phrase = { intent: string; words: PhraseWord[]; chars: number };
type CompiledSet = { byFirstWord: Map<string, Phrase[]>; prefixFirst: Phrase[]; fixWords: FixWords };
type Match = { intent: string; start: number; end: number; rank: number; fuzzy: boolean };

const FALLBACK_LOCALE = 'en';
/** Catch-all answers ("other", "any") lose to any specific intent named in the same message. */
const CATCH_ALL = new Set(['something_else', 'no_preference', 'rather_not_say']);

/**
 * Deterministic phrase matching: whole words after normalising, typos forgiven (1 edit for words of 4–7 letters,
 * 2 for longer), the longest phrase wins where phrases overlap. Everything is compiled here, once.
 */
export function createKeywordClassifier(intentsByLocale: IntentsByLocale): KeywordClassifier {
  const compiled = new Map<string, Map<string, CompiledSet>>();
  for (const [locale, file] of intentsByLocale) {
    const sets = new Map<string, CompiledSet>();
    for (const set of Object.keys(INTENT_SETS) as IntentSet[]) {
      const intents: Record<string, string[] | undefined> = file[set] ?? {};
      sets.set(set, compileSet(Object.entries(intents).flatMap(([intent, phrases]) => (phrases ?? []).map((p) => compilePhrase(intent, p)))));
    }
    compiled.set(locale, sets);
  }

  const findIn = (sets: Map<string, CompiledSet> | undefined, request: IntentRequest): IntentMatch[] => {
    const set = sets?.get(request.set);
    return set ? rankIntents(set, normaliseText(request.text)) : [];
  };

  const classifyAll = (request: IntentRequest): IntentMatch[] => {
    const own = findIn(compiled.get(request.locale) ?? compiled.get(FALLBACK_LOCALE), request);
    // People mix languages ("ok", "yes"): try English when the resident's own language finds nothing.
    return own.length || request.locale === FALLBACK_LOCALE ? own : findIn(compiled.get(FALLBACK_LOCALE), request);
  };
  return { classifyAll, classify: (request) => classifyAll(request)[0] ?? null };
}

function compilePhrase(intent: string, phrase: string): Phrase {
  const words = phrase
    .split(/\s+/)
    .flatMap((raw) => {
      const prefix = raw.endsWith('*');
      const parts = normaliseText(prefix ? raw.slice(0, -1) : raw).split(' ').filter(Boolean);
      return parts.map((text, i) => ({ text, prefix: prefix && i === parts.length - 1 }));
    });
  return { intent, words, chars: words.reduce((n, w) => n + w.text.length, 0) };
}

function compileSet(phrases: Phrase[]): CompiledSet {
  const byFirstWord = new Map<string, Phrase[]>();
  const prefixFirst: Phrase[] = [];
  const vocabulary = new Set<string>();
  const stems: string[] = [];
  for (const phrase of phrases) {
    if (!phrase.words.length) continue;
    for (const w of phrase.words) (w.prefix ? stems.push(w.text) : vocabulary.add(w.text));
    const first = phrase.words[0]!;
    if (first.prefix) prefixFirst.push(phrase);
    else byFirstWord.set(first.text, [...(byFirstWord.get(first.text) ?? []), phrase]);
  }
  const fixWords = createWordFixer({
    vocabulary,
    isKnown: (word) => stems.some((stem) => word.startsWith(stem)),
    tolerance: (word) => (word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0),
  });
  return { byFirstWord, prefixFirst, fixWords };
}

function rankIntents(set: CompiledSet, normalised: string): IntentMatch[] {
  const original = normalised.split(' ').filter(Boolean);
  if (!original.length) return [];
  const words = set.fixWords(original);
  const fixed = words.length === original.length ? words.map((w, i) => w !== original[i]) : words.map(() => true);

  const matches: Match[] = [];
  words.forEach((word, start) => {
    for (const phrase of [...(set.byFirstWord.get(word) ?? []), ...set.prefixFirst]) {
      const end = start + phrase.words.length;
      if (end > words.length || !phrase.words.every((w, i) => matchesWord(w, words[start + i]!))) continue;
      const rank = (CATCH_ALL.has(phrase.intent) ? 0 : 10_000) + phrase.words.length * 100 + phrase.chars;
      matches.push({ intent: phrase.intent, start, end, rank, fuzzy: fixed.slice(start, end).some(Boolean) });
    }
  });

  // Longest (most specific) phrases claim their words first; shorter ones inside them are dropped.
  const taken = new Array<boolean>(words.length).fill(false);
  const best = new Map<string, Match>();
  let covered = 0;
  for (const m of matches.sort((a, b) => b.rank - a.rank || a.start - b.start)) {
    if (taken.slice(m.start, m.end).some(Boolean)) continue;
    taken.fill(true, m.start, m.end);
    covered += m.end - m.start;
    if (!best.has(m.intent)) best.set(m.intent, m);
  }
  const ranked = [...best.values()].sort((a, b) => b.rank - a.rank || a.start - b.start);
  // Confidence: how much of the message the phrases explain, less for typos and for competing intents.
  const coverage = covered / words.length;
  return ranked.map((m) => ({
    intent: m.intent,
    confidence: round(Math.max(0.3, 0.6 + 0.35 * coverage - (m.fuzzy ? 0.1 : 0) - 0.05 * (ranked.length - 1))),
  }));
}

function matchesWord(word: PhraseWord, text: string): boolean {
  return word.prefix ? text.startsWith(word.text) : text === word.text;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
