import { CLAUSE_MARK, normaliseText, squeezeRepeats } from '../nlu/normalise-text.js';
import { createWordFixer } from '../nlu/word-fixer.js';
import { URGENCY, type SafetyCategory, type SafetyLevel } from './categories.js';
import { compileConcepts, compilePattern, type Anchor, type ConceptTable } from './compile-pattern.js';
import type { LanguageLexicon } from './load-safety-lexicon.js';
import type { Rule } from './lexicon-schema.js';

/** What the concept layer found in one language's sentences. negated: the only clear match had "not" before it. */
export type RuleHit = { category: SafetyCategory; level: SafetyLevel; negated: boolean };

export interface CompiledRule {
  category: SafetyCategory;
  level: SafetyLevel | 'exclude';
  rule: Rule;
  regex: RegExp;
}

export interface RuleMatcher {
  /** Corrects words towards the language's vocabulary: spelling list, stretched letters, typos, run-together words. */
  fixWords(words: string[]): string[];
  /** fixWords, then everyday phrases (the exclude rules) taken out: what both the rules and the classifier read. */
  prepareSentence(words: string[]): string[];
  /** `text` is prepared sentences (prepareSentence) joined by clause marks, with a space at each end. */
  match(text: string): RuleHit | null;
  /** Each rule on its own, for the tests of its examples. */
  rules: CompiledRule[];
  /** Whether prepared words include a signal word (see `signal` in concepts/<lang>/language.yaml). */
  hasSignal(words: readonly string[]): boolean;
  removeExclusions(text: string): string;
}

const LONG_WORD = 8;
/** Run-together words are split only from this length ("iwanttodie"), into known words of 2+ letters (or "i"). */
const MIN_JOINED = 7;

/** The words of a text, and their beginnings of the lengths anchors use, for the anchor check. */
type WordIndex = { words: Set<string>; prefixes: Set<string> };

export function createRuleMatcher(lexicon: LanguageLexicon, knownWords: ReadonlySet<string>): RuleMatcher {
  const table: ConceptTable = compileConcepts(lexicon.concepts);
  const vocabulary = new Set<string>();
  const rules: (CompiledRule & { anchor: Anchor | null; scan: RegExp })[] = [];
  const prefixLengths = new Set<number>();
  for (const category of URGENCY) {
    const file = lexicon.rules[category];
    for (const level of ['clear', 'check', 'exclude'] as const) {
      for (const rule of file[level]) {
        const compiled = compilePattern(rule.match, table);
        compiled.words.forEach((w) => vocabulary.add(w));
        compiled.anchor?.prefixes.forEach((p) => prefixLengths.add(p.length));
        rules.push({ category, level, rule, regex: new RegExp(compiled.source), scan: new RegExp(compiled.source, 'g'), anchor: compiled.anchor });
      }
    }
  }
  const exclusions = rules.filter((r) => r.level === 'exclude');
  const everyday = new Set(lexicon.settings.everyday.map((w) => normaliseText(w)));
  const signalWords = new Set(lexicon.settings.signal.flatMap((name) => compilePattern(`@${name}`, table).words).filter((w) => !everyday.has(w)));
  /** A word, or its beginning from four letters (signal words may be stems: "overdos", "suicid"). */
  const isSignal = (word: string) => {
    if (signalWords.has(word)) return true;
    for (let length = 4; length < word.length; length++) if (signalWords.has(word.slice(0, length))) return true;
    return false;
  };
  const categories = URGENCY.map((category) => ({
    category,
    clear: rules.filter((r) => r.category === category && r.level === 'clear'),
    check: rules.filter((r) => r.category === category && r.level === 'check'),
  }));

  const indexWords = (text: string): WordIndex => {
    const index: WordIndex = { words: new Set(), prefixes: new Set() };
    for (const word of text.split(' ')) {
      if (!word || index.words.has(word)) continue;
      index.words.add(word);
      for (const length of prefixLengths) if (word.length >= length) index.prefixes.add(word.slice(0, length));
    }
    return index;
  };
  /** Cheap: could this rule match at all? Most rules' first word is absent from most messages. */
  const mayMatch = (anchor: Anchor | null, index: WordIndex) =>
    !anchor || anchor.words.some((w) => index.words.has(w)) || anchor.prefixes.some((p) => index.prefixes.has(p));

  const { negation, spelling, fuzzy } = lexicon.settings;
  const negators = new Set(negation.words.map((w) => normaliseText(w)));
  const bridges = new Set(negation.bridges.map((w) => normaliseText(w)));
  const fuzzyWords = new Set(fuzzy.map((w) => normaliseText(w)));
  const fixer = createWordFixer({
    vocabulary: [...vocabulary, ...negators, ...bridges],
    isKnown: (w) => knownWords.has(w),
    replacements: new Map(Object.entries(spelling).map(([from, to]) => [normaliseText(from), normaliseText(to)])),
    // Only listed words are corrected by distance: short risk words are too close to everyday ones ("kill"/"skill").
    tolerance: (word) => (fuzzyWords.has(word) ? (word.length >= LONG_WORD ? 2 : 1) : 0),
  });
  const pieces = new Set([...vocabulary].filter((w) => w.length >= 2 || w === 'i'));

  /** "iwanttodie" → i want to die, when every piece is a word the rules know. Shortest split wins. */
  const split = (word: string): string[] | null => {
    const best: (string[] | null)[] = [[]];
    for (let end = 1; end <= word.length; end++) {
      best[end] = null;
      for (let start = Math.max(0, end - 14); start < end; start++) {
        const head = best[start];
        const piece = word.slice(start, end);
        if (head && pieces.has(piece) && (!best[end] || best[end]!.length > head.length + 1)) best[end] = [...head, piece];
      }
    }
    const found = best[word.length];
    return found && found.length >= 2 ? found : null;
  };

  const fixWords = (words: string[]): string[] => {
    const out: string[] = [];
    for (const word of fixer(words)) {
      if (word.length >= MIN_JOINED && !vocabulary.has(word) && !knownWords.has(word)) {
        const parts = split(word) ?? split(squeezeRepeats(word));
        if (parts) {
          out.push(...parts);
          continue;
        }
      }
      out.push(word);
    }
    return out;
  };

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

  const levelOf = (text: string, index: WordIndex, clear: typeof rules, check: typeof rules): { level: SafetyLevel; negated: boolean } | null => {
    let negated = false;
    for (const rule of clear) {
      if (!mayMatch(rule.anchor, index)) continue;
      const scan = rule.scan;
      scan.lastIndex = 0;
      for (let m = scan.exec(text); m; m = scan.exec(text)) {
        if (!isNegated(text, m.index)) return { level: 'clear', negated: false };
        negated = true;
        scan.lastIndex = m.index + 1;
      }
    }
    if (negated) return { level: 'check', negated: true };
    for (const rule of check) if (mayMatch(rule.anchor, index) && rule.regex.test(text)) return { level: 'check', negated: false };
    return null;
  };

  const removeExclusions = (text: string) => {
    const index = indexWords(text);
    for (const rule of exclusions) if (mayMatch(rule.anchor, index)) text = text.replace(rule.scan, ` ${CLAUSE_MARK}`);
    return text;
  };

  return {
    fixWords,
    hasSignal: (words) => words.some(isSignal),
    prepareSentence: (words) => removeExclusions(` ${fixWords(words).join(' ')} `).split(' ').filter(Boolean),
    rules,
    removeExclusions,
    match(text) {
      const index = indexWords(text);
      let softest: RuleHit | null = null;
      for (const { category, clear, check } of categories) {
        const found = levelOf(text, index, clear, check);
        if (found?.level === 'clear') return { category, ...found };
        if (found) softest ??= { category, ...found };
      }
      return softest;
    },
  };
}
