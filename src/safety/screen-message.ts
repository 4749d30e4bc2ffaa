import { CLAUSE_MARK, normaliseText } from '../nlu/normalise-text.js';
import { createWordFixer } from '../nlu/word-fixer.js';
import { compilePattern } from './compile-pattern.js';
import type { SafetyCategory, SafetyLexicon } from './safety-lexicon.js';

/** 'check' = a softer check-in: the risk was negated or said ambiguously, which must never mean "no risk". */
export type SafetyHit = { category: SafetyCategory; level: 'clear' | 'check' };
export type ScreenMessage = (text: string) => SafetyHit | null;

/**
 * Most urgent first, the order hits are ranked in. Emergency: someone may die in minutes and only 999 helps.
 * Suicide and self-harm: a risk to life, with 999/111/Samaritans. Abuse: ongoing danger with its own line.
 * Harm to others last: the texter is not the one at risk, and angry hyperbole is common. A clear hit outranks a
 * 'check' in any category, since a negated mention is less urgent than a plain disclosure.
 */
const URGENCY: readonly SafetyCategory[] = ['emergency', 'suicide_self_harm', 'abuse', 'harm_to_others'];
const LONG_WORD = 8;

/** Compile the lexicon once; the returned screen only runs precompiled regexes over the normalised message. */
export function createSafetyScreen(lexicon: SafetyLexicon): ScreenMessage {
  const vocabulary = new Set<string>();
  const combine = (patterns: string[]): RegExp | null => {
    if (!patterns.length) return null;
    const sources = patterns.map((p) => {
      const compiled = compilePattern(p);
      compiled.words.forEach((w) => vocabulary.add(w));
      return compiled.source;
    });
    return new RegExp(sources.join('|'), 'g');
  };
  const categories = URGENCY.map((category) => ({
    category,
    clear: combine(lexicon.categories[category].clear),
    check: combine(lexicon.categories[category].check),
  }));
  const exclusions = combine(URGENCY.flatMap((c) => lexicon.categories[c].exclude));

  const { negation, spelling, fuzzy } = lexicon.common;
  const negators = new Set(negation.words.map((w) => normaliseText(w)));
  const bridges = new Set(negation.bridges.map((w) => normaliseText(w)));
  const fuzzyWords = new Set(fuzzy.map((w) => normaliseText(w)));
  const fixWords = createWordFixer({
    vocabulary: [...vocabulary, ...negators, ...bridges],
    replacements: new Map(Object.entries(spelling).map(([from, to]) => [normaliseText(from), normaliseText(to)])),
    // Only listed words are corrected by distance: short risk words are too close to everyday ones ("kill"/"skill").
    tolerance: (word) => (fuzzyWords.has(word) ? (word.length >= LONG_WORD ? 2 : 1) : 0),
  });

  /** A negation ("not", "never") just before the match, reached only across words like "going to" or "ever". */
  const isNegated = (text: string, start: number): boolean => {
    const before = text.slice(Math.max(0, start - 80), start).split(' ');
    for (let i = before.length - 1, seen = 0; i >= 0 && seen < negation.reach; i--) {
      const word = before[i]!;
      if (!word) continue;
      if (negators.has(word)) return true;
      if (word === CLAUSE_MARK || !bridges.has(word)) return false;
      seen++;
    }
    return false;
  };

  const levelOf = (text: string, clear: RegExp | null, check: RegExp | null): SafetyHit['level'] | null => {
    let negated = false;
    if (clear) {
      clear.lastIndex = 0;
      for (let m = clear.exec(text); m; m = clear.exec(text)) {
        if (!isNegated(text, m.index)) return 'clear';
        negated = true;
        clear.lastIndex = m.index + 1;
      }
    }
    if (negated) return 'check';
    if (check) {
      check.lastIndex = 0;
      if (check.test(text)) return 'check';
    }
    return null;
  };

  return (message) => {
    let text = ` ${fixWords(normaliseText(message, { clauses: true }).split(' ')).join(' ')} `;
    if (exclusions) text = text.replace(exclusions, ` ${CLAUSE_MARK}`);
    let softest: SafetyHit | null = null;
    for (const { category, clear, check } of categories) {
      const level = levelOf(text, clear, check);
      if (level === 'clear') return { category, level };
      if (level === 'check') softest ??= { category, level };
    }
    return softest;
  };
}
