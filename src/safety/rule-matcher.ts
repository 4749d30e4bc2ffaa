import { CLAUSE_MARK, normaliseText, squeezeRepeats } from '../nlu/normalise-text.js';
import { createWordFixer } from '../nlu/word-fixer.js';
import { URGENCY, type SafetyCategory, type SafetyLevel } from './categories.js';
import { createAnchorIndex, type Occurrences } from './anchor-index.js';
import { compilePattern, conceptsListing, conceptsPattern } from './compile-pattern.js';
import type { LanguageLexicon } from './load-safety-lexicon.js';
import type { Rule } from './lexicon-schema.js';
import { createRespeller } from './spelling-key.js';

/** What the concept layer found in one language's sentences. negated: the only clear match had "not" before it. */
export type RuleHit = { category: SafetyCategory; level: SafetyLevel; negated: boolean };

export interface CompiledRule {
  category: SafetyCategory;
  level: SafetyLevel | 'exclude';
  rule: Rule;
  regex: RegExp;
  /**
   * Exclude rules: a sentence this matches keeps the everyday phrase. Clear and check rules: a match whose own
   * words this matches does not count (see `unless` in lexicon-schema.ts).
   */
  unless: RegExp | null;
  /** Clear and check rules: a match is not counted where the text before it ends with this (see `not_after`). */
  notAfter: RegExp | null;
}

export interface RuleMatcher {
  /** Corrects words towards the language's vocabulary: spelling list, stretched letters, typos, run-together words. */
  fixWords(words: string[]): string[];
  /**
   * A message's sentences in this language: fixWords, then everyday phrases (the exclude rules) taken out, read
   * across the sentences: what both the rules and the classifier read.
   */
  prepareSentences(sentences: readonly string[][]): string[][];
  /**
   * Prepared sentences (prepareSentences) of one message, read as one text with sentence breaks between them (the
   * patterns read one as a clause mark); the anchor words prepareSentences found for them are not found again.
   */
  match(sentences: readonly string[][]): RuleHit | null;
  /** Each rule on its own, for the tests of its examples. */
  rules: CompiledRule[];
  /** Whether one of `rules` matches a prepared text (` words `), found as match() finds it: only where its words are. */
  ruleMatches(rule: CompiledRule, text: string): boolean;
  /** Whether prepared words include a signal word (see `signal` in concepts/<lang>/language.yaml). */
  hasSignal(words: readonly string[]): boolean;
  /**
   * One prepared sentence less its clauses framed as a joke, a quote or fiction (see `framing` and `clause_breaks`
   * in language.yaml); the same array when nothing in it is framed.
   */
  unframed(words: readonly string[]): readonly string[];
  removeExclusions(text: string): string;
}

/** Between two sentences while everyday phrases are taken out of a whole message (see prepareSentences). */
const SENTENCE_BREAK = CLAUSE_MARK + CLAUSE_MARK;
const LONG_WORD = 8;
/** Run-together words are split only from this length ("iwanttodie"), into known words of 2+ letters (or "i"). */
const MIN_JOINED = 7;
/** Corrected words remembered per language: a few hundred thousand bytes, most of a day's vocabulary. */
const MAX_REMEMBERED = 20_000;

/** A rule ready to run: its anchors as numbers (see anchor-index.ts), its regex once per way it is run, its place in `rules`. */
type IndexedRule = CompiledRule & { requires: number[][]; starts: number[] | null; span: number; scan: RegExp; sticky: RegExp; position: number };

/** A text's anchor words (see anchor-index.ts), and which rules they make worth asking (1 at a rule's position). */
type Found = Occurrences & { candidates: Uint8Array };

export function createRuleMatcher(lexicon: LanguageLexicon, knownWords: ReadonlySet<string>): RuleMatcher {
  const vocabulary = new Set<string>();
  const rules: IndexedRule[] = [];
  const anchors = createAnchorIndex();
  for (const category of URGENCY) {
    const file = lexicon.rules[category];
    for (const level of ['clear', 'check', 'exclude'] as const) {
      for (const rule of file[level]) {
        const compiled = lexicon.patterns.get(rule.match)!;
        const unless = rule.unless ? lexicon.patterns.get(rule.unless)! : null;
        const notAfter = rule.not_after ? lexicon.patterns.get(rule.not_after)! : null;
        for (const w of [...compiled.words, ...(unless?.words ?? []), ...(notAfter?.words ?? [])]) vocabulary.add(w);
        rules.push({
          category,
          level,
          rule,
          regex: new RegExp(compiled.source),
          unless: unless && new RegExp(unless.source),
          // Anchored at the end of the text before a match, which ends with the space before its first word.
          notAfter: notAfter && new RegExp(`(?:${notAfter.source}) $`),
          scan: new RegExp(compiled.source, 'g'),
          sticky: new RegExp(compiled.source, 'y'),
          requires: compiled.requires.map(anchors.idsOf),
          starts: compiled.starts && anchors.idsOf(compiled.starts),
          span: compiled.span,
          position: rules.length,
        });
      }
    }
  }
  const exclusions = rules.filter((r) => r.level === 'exclude');
  // Each rule filed under the anchors of its rarest requirement (every match holds one of them): a text's anchors
  // then name the few rules worth asking, and a text with none ("1", "ok") asks none of the hundreds.
  const filed: number[][] = [];
  const unfiled: number[] = [];
  for (const rule of rules) {
    const key = rule.requires[0];
    if (!key) unfiled.push(rule.position);
    else for (const id of key) (filed[id] ??= []).push(rule.position);
  }
  const none = new Uint8Array(rules.length);
  const find = (words: readonly string[], first: number): Found => {
    const found = anchors.find(words, first);
    if (!found.ids.length && !unfiled.length) return Object.assign(found, { candidates: none });
    const candidates = new Uint8Array(rules.length);
    for (const position of unfiled) candidates[position] = 1;
    for (const id of found.ids) for (const position of filed[id] ?? []) candidates[position] = 1;
    return Object.assign(found, { candidates });
  };
  const everyday = new Set(lexicon.settings.everyday.map((w) => normaliseText(w)));
  // Compiled with the rules' patterns by the loader (and so at build), unless the lexicon came from elsewhere.
  const compiledOf = (pattern: string) => lexicon.patterns.get(pattern) ?? compilePattern(pattern, lexicon.table);
  const signalWords = new Set(lexicon.settings.signal.flatMap((name) => compiledOf(conceptsPattern([name])).words).filter((w) => !everyday.has(w)));
  /** A word, or its beginning from four letters (signal words may be stems: "overdos", "suicid"). */
  const isSignal = (word: string) => {
    if (signalWords.has(word)) return true;
    for (let length = 4; length < word.length; length++) if (signalWords.has(word.slice(0, length))) return true;
    return false;
  };
  const { framing } = lexicon.settings;
  const framingRegex = framing.length ? new RegExp(compiledOf(conceptsPattern(framing)).source) : null;
  const { clause_breaks: clauseBreaks } = lexicon.settings;
  const clauseBreakRegex = clauseBreaks.length ? new RegExp(compiledOf(conceptsPattern(clauseBreaks)).source, 'g') : null;
  /** A frame covers its own clause: between clause marks, or a new clause's start ("and i"). */
  const unframed = (words: readonly string[]): readonly string[] => {
    if (!framingRegex) return words;
    const text = ` ${words.join(' ')} `;
    if (!framingRegex.test(text)) return words;
    const marked = clauseBreakRegex ? text.replace(clauseBreakRegex, (m) => ` ${CLAUSE_MARK}${m}`) : text;
    const kept = marked.split(` ${CLAUSE_MARK} `).filter((clause) => !framingRegex.test(` ${clause.trim()} `));
    return kept.flatMap((clause, i) => (i ? [CLAUSE_MARK, ...clause.split(' ')] : clause.split(' '))).filter(Boolean);
  };
  const categories = URGENCY.map((category) => ({
    category,
    clear: rules.filter((r) => r.category === category && r.level === 'clear'),
    check: rules.filter((r) => r.category === category && r.level === 'check'),
  }));

  /** Cheap: could this rule match at all? Most rules need a word that is nowhere in most messages. */
  const mayMatch = (rule: IndexedRule, found: Found) => {
    if (!found.candidates[rule.position]) return false;
    for (const ids of rule.requires) {
      let any = false;
      for (let i = 0; i < ids.length && !any; i++) any = found.has(ids[i]!);
      if (!any) return false;
    }
    return true;
  };

  /**
   * Where a match of the rule may start (offsets, ascending), told by the words alone: at one of its start words
   * when it has them, and within `span` words before one of each of its required words (a long message holds "i"
   * many times, but the rarer words a match also needs only here and there). Null when no word narrows it down: the
   * regex then scans the whole text.
   */
  const startsOf = (rule: IndexedRule, found: Found): number[] | null => {
    const needs = rule.requires.map((ids) => found.places(ids));
    let places: readonly number[];
    if (rule.starts) places = found.places(rule.starts);
    else if (needs.length) {
      // Every place from which the rarest requirement's words are within reach.
      const rarest = needs.reduce((a, b) => (b.length < a.length ? b : a));
      const reach: number[] = [];
      for (const place of rarest) for (let p = Math.max(place - rule.span + 1, reach.length ? reach.at(-1)! + 1 : 0); p <= place; p++) reach.push(p);
      places = reach;
    } else return null;
    const next = needs.map(() => 0);
    const starts: number[] = [];
    for (const place of places) {
      const near = needs.every((list, r) => {
        let k = next[r]!;
        while (k < list.length && list[k]! < place) k++;
        next[r] = k;
        return k < list.length && list[k]! < place + rule.span;
      });
      const offset = found.offset(place);
      if (near && offset >= 0) starts.push(offset);
    }
    return starts;
  };

  /** Calls `visit` with the offset of each match of the rule, in order, until it returns true. */
  const someMatch = (rule: IndexedRule, text: string, found: Found, visit: (start: number) => boolean): boolean => {
    const { notAfter } = rule;
    // An exclusion's `unless` is read over its sentence (withoutExclusions), a clear or check rule's over its match.
    const unless = rule.level === 'exclude' ? null : rule.unless;
    const counts = (start: number, matched: string) => !notAfter?.test(text.slice(0, start + 1)) && !unless?.test(`${matched} `);
    const starts = startsOf(rule, found);
    if (starts) {
      const { sticky } = rule;
      for (const start of starts) {
        sticky.lastIndex = start;
        const m = sticky.exec(text);
        if (m && counts(start, m[0]) && visit(start)) return true;
      }
      return false;
    }
    const { scan } = rule;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m; m = scan.exec(text)) {
      if (counts(m.index, m[0]) && visit(m.index)) return true;
      scan.lastIndex = m.index + 1;
    }
    return false;
  };

  /** The rule's matches, leftmost first and not overlapping (as String.replace finds them), each replaced by a clause mark. */
  const replaceMatches = (rule: IndexedRule, text: string, found: Found): string => {
    const starts = startsOf(rule, found);
    if (!starts) return text.replace(rule.scan, ` ${CLAUSE_MARK}`);
    const { sticky } = rule;
    let out = '';
    let done = 0;
    for (const start of starts) {
      if (start < done) continue;
      sticky.lastIndex = start;
      const m = sticky.exec(text);
      if (!m) continue;
      out += `${text.slice(done, start)} ${CLAUSE_MARK}`;
      done = start + m[0].length;
    }
    return done ? out + text.slice(done) : text;
  };

  const { negation, spelling, fuzzy } = lexicon.settings;
  const negators = new Set(negation.words.map((w) => normaliseText(w)));
  const bridges = new Set(negation.bridges.map((w) => normaliseText(w)));
  const fuzzyWords = new Set(fuzzy.map((w) => normaliseText(w)));
  const fixer = createWordFixer({
    vocabulary: [...vocabulary, ...negators, ...bridges],
    isKnown: (w) => knownWords.has(w),
    replacements: new Map(Object.entries(spelling).map(([from, to]) => [normaliseText(from), normaliseText(to)])),
    respell: lexicon.settings.spelling_key && respellerFor(lexicon, vocabulary),
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

  /** One word's correction; the same word always gives the same, so each is worked out once (kept up to a limit). */
  const fixedWords = new Map<string, string[]>();
  const fixWord = (word: string): string[] => {
    let fixed = fixedWords.get(word);
    if (fixed) return fixed;
    fixed = [];
    for (const w of fixer([word])) {
      const parts = w.length >= MIN_JOINED && !vocabulary.has(w) && !knownWords.has(w) ? (split(w) ?? split(squeezeRepeats(w))) : null;
      fixed.push(...(parts ?? [w]));
    }
    if (fixedWords.size >= MAX_REMEMBERED) fixedWords.clear();
    fixedWords.set(word, fixed);
    return fixed;
  };
  const fixWords = (words: string[]): string[] => {
    const out: string[] = [];
    for (const word of words) for (const fixed of fixWord(word)) out.push(fixed);
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

  const levelOf = (text: string, found: Found, clear: IndexedRule[], check: IndexedRule[]): { level: SafetyLevel; negated: boolean } | null => {
    let negated = false;
    for (const rule of clear) {
      if (!mayMatch(rule, found)) continue;
      const plain = someMatch(rule, text, found, (start) => {
        if (!isNegated(text, start)) return true;
        negated = true;
        return false;
      });
      if (plain) return { level: 'clear', negated: false };
    }
    if (negated) return { level: 'check', negated: true };
    for (const rule of check) if (mayMatch(rule, found) && someMatch(rule, text, found, () => true)) return { level: 'check', negated: false };
    return null;
  };

  /**
   * `text` less its everyday phrases. `found` is `text`'s anchor words, when the caller has them; the anchor words
   * of the text given back come with it when they were found for it.
   */
  const withoutExclusions = (text: string, found = find(text.split(' '), 0)): { text: string; found: Found | null } => {
    let current = true;
    for (const rule of exclusions) {
      // Taking a phrase out only takes words away: a rule the words found before rule out stays ruled out, and
      // the text's words are found again only for a rule they do not.
      if (!mayMatch(rule, found)) continue;
      if (!current) {
        found = find(text.split(' '), 0);
        current = true;
        if (!mayMatch(rule, found)) continue;
      }
      const replaced = replaceMatches(rule, text, found);
      // `unless` is read only where the everyday phrase is (a regex over the whole text otherwise spent in vain).
      if (replaced === text || rule.unless?.test(text)) continue;
      text = replaced;
      current = false;
    }
    return { text, found: current ? found : null };
  };

  /** Each prepared message's text and anchor words, for match() to read them without finding them again. */
  const readBefore = new WeakMap<readonly string[][], { text: string; found: Found }>();
  /** A message's sentences as one text (as match() reads them, and the exclusions are taken out of). */
  const wordsOf = (sentences: readonly (readonly string[])[]): string[] => {
    const words: string[] = [];
    sentences.forEach((sentence, i) => {
      if (i) words.push(SENTENCE_BREAK);
      for (const word of sentence) words.push(word);
    });
    return words;
  };

  const prepareSentences = (sentences: readonly string[][]): string[][] => {
    const fixed = sentences.map(fixWords);
    // The sentences are read as one text, as match() reads them, so an everyday phrase may run across sentences
    // ("I self-harmed as a teenager. I'm in a good place now"). A sentence break is written as two clause marks
    // in one word: the patterns read it as a clause mark (no word can hold one), and it is where the text is
    // split into sentences again.
    const words = wordsOf(fixed);
    const found = find(words, 1);
    const text = ` ${words.join(' ')} `;
    // Most messages hold no everyday phrase: their words need no text built and taken apart again.
    if (!exclusions.some((rule) => mayMatch(rule, found))) {
      readBefore.set(fixed, { text, found });
      return fixed;
    }
    const without = withoutExclusions(text, found);
    const prepared = without.text.split(` ${SENTENCE_BREAK} `).map((sentence) => sentence.split(' ').filter(Boolean));
    if (without.found) readBefore.set(prepared, { text: without.text, found: without.found });
    return prepared;
  };

  let asked: { text: string; found: Found } = { text: '', found: find([], 0) };
  return {
    fixWords,
    hasSignal: (words) => words.some(isSignal),
    unframed,
    prepareSentences,
    rules,
    ruleMatches(rule, text) {
      const indexed = rules[(rule as Partial<IndexedRule>).position ?? -1];
      if (indexed !== rule) throw new Error('not one of this matcher’s rules');
      // The tests ask every rule of one text in turn: its anchors are found once.
      if (text !== asked.text) asked = { text, found: find(text.split(' '), 0) };
      return mayMatch(indexed, asked.found) && someMatch(indexed, text, asked.found, () => true);
    },
    removeExclusions: (text) => withoutExclusions(text).text,
    match(sentences) {
      const words = wordsOf(sentences);
      const text = ` ${words.join(' ')} `;
      // Read before (prepareSentences) when these are the sentences it gave, and the text is the same.
      const before = readBefore.get(sentences);
      const found = before?.text === text ? before.found : find(words, 1);
      let softest: RuleHit | null = null;
      for (const { category, clear, check } of categories) {
        const level = levelOf(text, found, clear, check);
        if (level?.level === 'clear') return { category, ...level };
        if (level) softest ??= { category, ...level };
      }
      return softest;
    },
  };
}

/** The language's spelling key over the rules' words, each word meaning the concepts that list it. */
function respellerFor(lexicon: LanguageLexicon, vocabulary: ReadonlySet<string>) {
  const listing = conceptsListing(lexicon.concepts, lexicon.table);
  const none = new Set<string>();
  return createRespeller(lexicon.settings.spelling_key, vocabulary, (word) => listing.get(word) ?? none);
}
