import { ageGroupOfNumber, holdsNumber } from './age-number.js';
import { CLAUSE_MARK, normaliseText } from './normalise-text.js';
import { stemmerFor, type StemWord } from './stem-word.js';
import { createWordFixer, type FixWords, type WordFixerOptions } from './word-fixer.js';
import { expandConcepts } from './expand-concepts.js';
import { createRespeller, type Respell } from './respell.js';
import { builtCompiledPhrases } from './compiled-phrases-cache.js';
import { COMPLEMENT, exceptions, INTENT_SETS, MORE_SPECIFIC, narrations, relativeDays, WEEK, notAnAnswer, ownChoices, someoneElses, someoneElsesVerbLast, type IntentMatch, type IntentRequest, type IntentsByLocale, type IntentsFile, type IntentSet } from './intent-sets.js';
import { phraseStarts, phrasesStarting, type PhraseStarts } from './phrase-starts.js';
import { phraseWords } from './phrase-words.js';
import { applyExceptions, resolveRelativeDays } from './relative-answers.js';

export interface KeywordClassifier {
  /** The best intent, or null when no phrase matches. */
  classify(request: IntentRequest): IntentMatch | null;
  /** Every intent found, best first (a resident may name several interests at once). */
  classifyAll(request: IntentRequest): IntentMatch[];
  /** The intents found, and whether the message is about something the bot does not do ("who won the match"): then nothing may guess at it. */
  read(request: IntentRequest): IntentReading;
}

type PhraseWord = { text: string; stem: string; prefix: boolean };
export type Phrase = { intent: string; words: PhraseWord[] };
/** Phrases by how they may start: their first word, its stem, or (for "volunteer*") the prefix's first two letters. */
type CompiledSet = {
  byFirstWord: PhraseStarts;
  byFirstStem: PhraseStarts;
  byPrefixStart: PhraseStarts;
  fixWords: FixWords;
  stem: StemWord;
  /** Intent → the intents it is more specific than (see MORE_SPECIFIC). */
  beats: ReadonlyMap<string, ReadonlySet<string>>;
  /** Intent → the one meaning everything but it (see COMPLEMENT). */
  complement: ReadonlyMap<string, string>;
  /** An answer that opens the message is said, not told ("yes, went there last week"). */
  answerOpens: boolean;
};
/** A message's words as one language reads them: respelt, each with its sentence (clause) and its stem. */
type MessageWords = { words: string[]; clauseOf: number[]; stems: string[] };
/** A locale's compiled set by its name (undefined for a set that does not exist), and how it reads a message's words. */
type LocaleSets = { set: (set: string) => CompiledSet | undefined; words: (normalised: string) => MessageWords };
const PREFIX_KEY = 2;
type Match = { intent: string; start: number; end: number; rank: number; fuzzy: boolean; longestExact: number };

const FALLBACK_LOCALE = 'en';
const OTHER_LANGUAGE_CONFIDENCE = 0.8;
/**
 * A word this long, written exactly as another language's phrase, is a borrowed word ("gardening ka shauq hai",
 * "meri eyesight weak ho gayi"): it counts however little of the message it explains. Short ones do not ("na").
 */
const BORROWED_WORD = 6;
/** A reading found in one language's phrases, with the longest phrase word written exactly in the message. */
type Found = { matches: (IntentMatch & { longestExact: number })[]; offTopic: boolean };
const NOTHING_FOUND: Found = { matches: [], offTopic: false };
/** Words this short are never "corrected": "tax" is not a typo for "taxi". */
const MIN_FIXABLE = 4;
/** Roman Urdu's short everyday words ("wala", "karo") are spelt many ways and sit one letter from English ones ("walk"). */
const MIN_FIXABLE_BY_LOCALE: Record<string, number> = { ur: 6 };
/** Languages texted without their short vowels ("khtm" for "khatam", "thk" for "theek"): Roman Urdu. */
const VOWELS_DROPPED = new Set(['ur']);
/** Catch-all answers ("other", "any") lose to any specific intent named in the same message. */
const CATCH_ALL = new Set(['something_else', 'no_preference', 'rather_not_say']);
/** The `_off_topic` phrases compete in every set under this id; when they win, the message means nothing here. */
const OFF_TOPIC = '_off_topic';
/** The `_someone_else` phrases are found under this id; they mark what follows as someone else's, and claim no words. */
const SOMEONE_ELSE = '_someone_else';
/** The `_someone_else_verb_last` phrases: who does it, then (after the answer) the verb that says they do. */
const SOMEONE_ELSE_WHO = '_someone_else_who';
const SOMEONE_ELSE_DOES = '_someone_else_does';
/** The `_own_choice` and `_narration` phrases are found under these ids; like `_someone_else`, they claim no words. */
const OWN_CHOICE = '_own_choice';
const NARRATION = '_narration';
/** Found under these ids, phrases say how the message is meant, not what it answers. */
/** The `_relative_days` and `_except` phrases: they say which answer the words near them mean, and claim no words. */
const DAY_AFTER = '_day_after';
const DAY_BEFORE = '_day_before';
const EXCEPT = '_except';
const EXCEPT_AFTER = '_except_after';
const CUES = new Set([SOMEONE_ELSE, SOMEONE_ELSE_WHO, SOMEONE_ELSE_DOES, OWN_CHOICE, NARRATION, DAY_AFTER, DAY_BEFORE, EXCEPT, EXCEPT_AFTER]);
/**
 * Where the answer is one word on a scale ("Always. I haven't spoken to anyone in weeks."), a short first sentence
 * that answers is the answer: what follows explains it, and its negations ("haven't") are not a second answer.
 */
const LEADING_ANSWER_SETS = new Set<string>(['frequency', 'yes_no']);
const LEADING_ANSWER_WORDS = 3;
export type IntentReading = { matches: IntentMatch[]; offTopic: boolean };
const NOTHING: IntentReading = { matches: [], offTopic: false };

/**
 * Deterministic phrase matching: whole words after normalising, typos forgiven (1 edit for words of 4–7 letters,
 * 2 for longer), the longest phrase wins where phrases overlap. Everything is compiled once: the phrases here, each set at its first use.
 */
export function createKeywordClassifier(intentsByLocale: IntentsByLocale): KeywordClassifier {
  const compiled = new Map<string, LocaleSets>();
  for (const [locale, file] of intentsByLocale) {
    const respell = createRespeller(file._spellings);
    const stem = stemmerFor(locale);
    // Compiled at build when this is the file shipped (compiled-phrases-cache.ts); else compiled here.
    const phrases = builtCompiledPhrases().lookup(locale, file) ?? compilePhrases(locale, file);
    // A word any set of the language uses is a word, not a typo: "morning" is not "mourning" at the life-event step.
    const languageStems = new Set<string>();
    for (const list of Object.values(phrases)) for (const phrase of list) for (const w of phrase.words) if (!w.prefix) languageStems.add(w.stem);
    // Each set is indexed when a message is first read with it: a start indexes none of the 24 (a fifth of a
    // start), and a turn reads a few, in its own language unless that finds nothing.
    const sets = new Map<string, CompiledSet>();
    // A turn reads one message with several sets: its words are respelt and stemmed once for all of them.
    let last: { normalised: string; words: MessageWords } | undefined;
    compiled.set(locale, {
      set: (set) => {
        if (!Object.hasOwn(INTENT_SETS, set)) return undefined;
        let compiledSet = sets.get(set);
        if (!compiledSet) {
          compiledSet = compileSet(phrases[set as IntentSet], stem, MORE_SPECIFIC[set as IntentSet] ?? [], new Map(COMPLEMENT[set as IntentSet] ?? []), { minTypoLength: MIN_FIXABLE_BY_LOCALE[locale] ?? MIN_FIXABLE, vowelsDropped: VOWELS_DROPPED.has(locale) }, languageStems, LEADING_ANSWER_SETS.has(set));
          sets.set(set, compiledSet);
        }
        return compiledSet;
      },
      words: (normalised) => {
        if (last?.normalised !== normalised) last = { normalised, words: messageWords(normalised, respell, stem) };
        return last.words;
      },
    });
  }

  const findIn = (sets: LocaleSets | undefined, set: string, normalised: string, fixTypos: boolean): Found => {
    const compiledSet = sets?.set(set);
    return compiledSet ? rankIntents(compiledSet, sets!.words(normalised), fixTypos) : NOTHING_FOUND;
  };

  // People mix languages ("ok", "yes") or answer in another: when their own finds nothing, English, then the rest.
  const order = [FALLBACK_LOCALE, ...[...compiled.keys()].filter((l) => l !== FALLBACK_LOCALE)];
  const othersOf = new Map([...compiled.keys()].map((locale) => [locale, order.filter((l) => l !== locale)]));
  // A turn may read one answer with several intent sets (the step's, then life events, global, menu…):
  // the text is normalised once for all of them.
  let lastText: string | undefined;
  let lastNormalised = '';
  const normalise = (text: string): string => {
    if (text !== lastText) [lastText, lastNormalised] = [text, normaliseText(text, { clauses: true })];
    return lastNormalised;
  };
  const read = (request: IntentRequest): IntentReading => {
    // With the marks between sentences; phrases still match across them.
    const normalised = normalise(request.text);
    // An age given as a number is surer than the words around it ("i am 23 years old").
    const age = request.set === 'age_group' ? ageGroupOfNumber(withoutMarks(normalised)) : null;
    if (age) return { matches: [{ intent: age, confidence: 0.95 }], offTopic: false };
    const own = findIn(compiled.get(request.locale), request.set, normalised, true);
    const lead = LEADING_ANSWER_SETS.has(request.set) ? leadingSentence(request.text) : null;
    if (lead) {
      const first = findIn(compiled.get(request.locale), request.set, normaliseText(lead), true);
      const answers = first.offTopic ? [] : first.matches.filter((m) => !CATCH_ALL.has(m.intent));
      if (answers.length) return { matches: [...answers, ...own.matches.filter((m) => !answers.some((a) => a.intent === m.intent))].map(asMatch), offTopic: false };
    }
    if (own.matches.length || own.offTopic) return { matches: own.matches.map(asMatch), offTopic: own.offTopic };
    // A number no age group holds ("age 250") is asked about again: no other reading may guess at it.
    if (request.set === 'age_group' && holdsNumber(withoutMarks(normalised))) return { matches: [], offTopic: true };
    // Another language counts only when its phrases, as written (no typo fixing), explain most of the
    // message (Polish "na" is not English "nah"), or name a long word of it exactly (a borrowed word).
    for (const locale of othersOf.get(request.locale) ?? order) {
      const found = findIn(compiled.get(locale), request.set, normalised, false);
      const sure = found.matches.filter((m) => m.confidence >= OTHER_LANGUAGE_CONFIDENCE || m.longestExact >= BORROWED_WORD);
      if (sure.length || found.offTopic) return { matches: sure.map(asMatch), offTopic: found.offTopic };
    }
    return NOTHING;
  };
  const classifyAll = (request: IntentRequest) => read(request).matches;
  return { read, classifyAll, classify: (request) => classifyAll(request)[0] ?? null };
}

/** Each intent set's phrases, with the file's concepts expanded and every word normalised, respelt and stemmed. */
export function compilePhrases(locale: string, file: IntentsFile): Record<IntentSet, Phrase[]> {
  // Concepts expand into many phrases sharing the same words: each word is normalised once (a tenth of a start).
  const normalisedWords = new Map<string, string[]>();
  const wordsOf = (raw: string): string[] => {
    let words = normalisedWords.get(raw);
    if (!words) normalisedWords.set(raw, (words = normaliseText(raw).split(' ').filter(Boolean)));
    return words;
  };
  const respell = createRespeller(file._spellings);
  const stem = stemmerFor(locale);
  const phrasesOf = (set: IntentSet): Phrase[] => {
    const intents: Record<string, string[] | undefined> = file[set] ?? {};
    const verbLast = someoneElsesVerbLast(file, set);
    const days = relativeDays(file, set);
    const except = exceptions(file, set);
    return Object.entries({
      ...intents,
      [OFF_TOPIC]: notAnAnswer(file, set),
      [SOMEONE_ELSE]: someoneElses(file, set),
      [SOMEONE_ELSE_WHO]: verbLast.who,
      [SOMEONE_ELSE_DOES]: verbLast.does,
      [DAY_AFTER]: days.after,
      [DAY_BEFORE]: days.before,
      [EXCEPT]: except.before,
      [EXCEPT_AFTER]: except.after,
      [OWN_CHOICE]: ownChoices(file, set),
      [NARRATION]: narrations(file, set),
    }).flatMap(([intent, list]) =>
      (list ?? []).flatMap((p) => expandConcepts(p, file._concepts).map((expanded) => compilePhrase(intent, expanded, stem, wordsOf, respell))),
    );
  };
  return Object.fromEntries((Object.keys(INTENT_SETS) as IntentSet[]).map((set) => [set, phrasesOf(set)])) as Record<IntentSet, Phrase[]>;
}

const withoutMarks = (normalised: string) => normalised.split(' ').filter((w) => w !== CLAUSE_MARK).join(' ');

const asMatch = ({ intent, confidence }: IntentMatch): IntentMatch => ({ intent, confidence });

function compilePhrase(intent: string, phrase: string, stem: StemWord, wordsOf: (raw: string) => string[], respell: Respell): Phrase {
  return { intent, words: phraseWords(phrase, respell, wordsOf).map((w) => ({ ...w, stem: stem(w.text) })) };
}

function compileSet(
  phrases: Phrase[],
  stem: StemWord,
  specific: readonly (readonly [string, string])[],
  complement: ReadonlyMap<string, string>,
  fixing: Pick<WordFixerOptions, 'minTypoLength' | 'vowelsDropped'>,
  languageStems: ReadonlySet<string>,
  answerOpens: boolean,
): CompiledSet {
  const beats = new Map<string, Set<string>>();
  for (const [winner, loser] of specific) beats.set(winner, (beats.get(winner) ?? new Set()).add(loser));
  const byFirstWord = new Map<string, Phrase[]>();
  const byFirstStem = new Map<string, Phrase[]>();
  const byPrefixStart = new Map<string, Phrase[]>();
  const vocabulary = new Set<string>();
  const prefixes: string[] = [];
  const add = (map: Map<string, Phrase[]>, key: string, phrase: Phrase) => {
    const list = map.get(key);
    if (list) list.push(phrase);
    else map.set(key, [phrase]);
  };
  for (const phrase of phrases) {
    if (!phrase.words.length) continue;
    for (const w of phrase.words) {
      if (w.prefix) prefixes.push(w.text);
      // Cues match only as written, so no typo is corrected towards their words ("seekhni" is "seekhna", not "seekhti").
      else if (!CUES.has(phrase.intent)) vocabulary.add(w.text);
    }
    const first = phrase.words[0]!;
    if (first.prefix) add(byPrefixStart, first.text.slice(0, PREFIX_KEY), phrase);
    else {
      add(byFirstWord, first.text, phrase);
      if (first.stem !== first.text) add(byFirstStem, first.stem, phrase);
    }
  }
  const fixer = createWordFixer({
    vocabulary,
    // An inflection of a word any set of the language uses ("groups", "morning") is known: never "correct" it
    // into another word.
    isKnown: (word) => languageStems.has(stem(word)) || prefixes.some((p) => word.startsWith(p)),
    tolerance: (word) => (word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0),
    ...fixing,
  });
  return { byFirstWord: phraseStarts(byFirstWord), byFirstStem: phraseStarts(byFirstStem), byPrefixStart: phraseStarts(byPrefixStart), fixWords: fixer, stem, beats, complement, answerOpens };
}

/**
 * A declared spelling variant is the usual word written another way, not a typo: it counts as exact.
 * Sentences are told apart (someone else's doing reaches no further than its own), then the marks are dropped.
 */
function messageWords(normalised: string, respell: Respell, stem: StemWord): MessageWords {
  const words: string[] = [];
  const clauseOf: number[] = [];
  let clause = 0;
  for (const word of respell(normalised.split(' ').filter(Boolean))) {
    if (word === CLAUSE_MARK) clause++;
    else {
      words.push(word);
      clauseOf.push(clause);
    }
  }
  return { words, clauseOf, stems: words.map(stem) };
}

function rankIntents(set: CompiledSet, message: MessageWords, fixTypos: boolean): Found {
  const { words: original, clauseOf } = message;
  if (!original.length) return NOTHING_FOUND;
  const words = fixTypos ? set.fixWords(original) : original;
  const fixed = words.length === original.length ? words.map((w, i) => w !== original[i]) : words.map(() => true);
  // Stems of the words as written are the message's own; only corrected words are stemmed again.
  const stems = fixed.some(Boolean) ? words.map(set.stem) : message.stems;

  const matches: Match[] = [];
  words.forEach((word, start) => {
    const stem = stems[start]!;
    // Only phrases whose second word the next word can be (phrase-starts.ts).
    const next = stems[start + 1];
    const byStem = phrasesStarting(set.byFirstStem, stem, next);
    const byStemAsWord = word === stem ? undefined : phrasesStarting(set.byFirstWord, stem, next);
    // A one-letter prefix ("x*") is keyed by that letter alone.
    const byPrefix = [phrasesStarting(set.byPrefixStart, word.slice(0, PREFIX_KEY), next), word.length > 1 ? phrasesStarting(set.byPrefixStart, word[0]!, next) : undefined];
    for (const phrase of candidatesOf([phrasesStarting(set.byFirstWord, word, next), byStem, byStemAsWord, ...byPrefix])) {
      const end = start + phrase.words.length;
      if (end > words.length) continue;
      // Longer phrases first; among equals, words written exactly beat words matched by their stem or after a
      // typo fix, then the phrase said first wins ("my wife died after a long illness" is about a death).
      let exact = 0;
      let longestExact = 0;
      const every = phrase.words.every((w, i) => {
        const score = matchWord(w, words[start + i]!, stems[start + i]!);
        if (score === EXACT && !fixed[start + i]) {
          exact++;
          longestExact = Math.max(longestExact, words[start + i]!.length);
        }
        return score > 0;
      });
      if (!every) continue;
      // "my mate and I love walking" is no "@relative loves": someone else's doing is read only as written.
      if (CUES.has(phrase.intent) && exact < phrase.words.length) continue;
      // A phrase met only through stems or fixes ("pass" for "passed") is no surer than a catch-all said exactly.
      // An off-topic phrase as long and as exact as an answer's takes the words they share ("what's on the telly").
      const rank = (CATCH_ALL.has(phrase.intent) || exact === 0 ? 0 : 10_000) + phrase.words.length * 100 + exact * 10 + (phrase.intent === OFF_TOPIC ? 5 : 0);
      matches.push({ intent: phrase.intent, start, end, rank, fuzzy: fixed.slice(start, end).some(Boolean), longestExact });
    }
  });

  // Cues say how the message is meant, and claim no words.
  const cues = (id: string) => matches.filter((m) => m.intent === id);
  const told = cues(NARRATION);
  // A wish inside a longer telling ("used to love") is part of the story.
  const chosen = cues(OWN_CHOICE).filter((c) => !told.some((t) => t.start <= c.start && c.end <= t.end && t.end - t.start > c.end - c.start));
  const theirs = cues(SOMEONE_ELSE);
  const who = cues(SOMEONE_ELSE_WHO);
  const does = cues(SOMEONE_ELSE_DOES);
  const sameClause = (a: number, b: number) => clauseOf[a] === clauseOf[b];
  // "every saturday, I'd rather the day after" names Sunday, and Saturday only to count from.
  const asAnswer = (intent: string, cue: Match): Match => ({ ...cue, intent, rank: 10_000 + (cue.end - cue.start) * 110 });
  const answers = resolveRelativeDays(
    matches.filter((m) => !CUES.has(m.intent)),
    { after: cues(DAY_AFTER), before: cues(DAY_BEFORE) },
    WEEK,
    asAnswer,
  );
  const choiceBetween = (from: number, to: number) => chosen.some((c) => from <= c.start && c.start <= to);
  // What follows "my husband plays" in the same sentence is his ("my grandson plays football every saturday"),
  // until the resident says what they want ("my husband goes to bowls on thursdays but i'd rather mondays");
  // so is what comes before "jaati hai" in a sentence that names who does it ("beti har hafte walking group jaati
  // hai", "sunday ko beta aata hai").
  const isTheirs = (m: Match) =>
    theirs.some((t) => t.end <= m.start && sameClause(t.end - 1, m.start) && !choiceBetween(t.end, m.start)) ||
    does.some(
      (d) => m.end <= d.start && sameClause(d.start, m.start) && who.some((w) => w.end <= d.start && sameClause(w.start, m.start) && !choiceBetween(Math.min(w.end, m.start), d.start - 1)),
    );
  // In a message that names no wish, an answer in a sentence that tells a story is only mentioned ("went to church
  // this morning, lovely service"); one said on its own is still an answer ("painting, i used to draw loads").
  const isTold = (m: Match) => !chosen.length && !(set.answerOpens && m.start === 0) && told.some((t) => clauseOf[t.start] === clauseOf[m.start]);
  // A later sentence that wants without naming its own answer wants theirs too ("my sister goes to a luncheon club,
  // something like that").
  const wantedToo = (m: Match) => chosen.some((c) => m.end <= c.start && !sameClause(c.start, m.start) && !answers.some((a) => a.intent !== OFF_TOPIC && sameClause(a.start, c.start)));
  const wanted = answers.filter((m) => m.intent === OFF_TOPIC || !((isTheirs(m) && !wantedToo(m)) || isTold(m)));
  const kept = applyExceptions(wanted, { before: cues(EXCEPT), after: cues(EXCEPT_AFTER) }, sameClause, set.complement, (intent) => CATCH_ALL.has(intent) || intent === OFF_TOPIC);
  // When that leaves no answer, the message says nothing here, and nothing may guess at it.
  if (kept.length < answers.length && !kept.some((m) => m.intent !== OFF_TOPIC)) return { matches: [], offTopic: true };
  matches.splice(0, matches.length, ...kept);
  // Longest (most specific) phrases claim their words first; shorter ones inside them are dropped. A catch-all
  // phrase that names a change no intent does ("come out of prison") keeps the words of a phrase inside it ("come out").
  const catchAlls = matches.filter((m) => CATCH_ALL.has(m.intent));
  const insideCatchAll = (m: Match) => !CATCH_ALL.has(m.intent) && catchAlls.some((c) => c.start <= m.start && m.end <= c.end && c.end - c.start > m.end - m.start);
  const taken = new Array<boolean>(words.length).fill(false);
  const best = new Map<string, Match>();
  let covered = 0;
  for (const m of (catchAlls.length ? matches.filter((m) => !insideCatchAll(m)) : matches).sort((a, b) => b.rank - a.rank || a.start - b.start)) {
    if (taken.slice(m.start, m.end).some(Boolean)) continue;
    taken.fill(true, m.start, m.end);
    covered += m.end - m.start;
    if (!best.has(m.intent)) best.set(m.intent, m);
  }
  // A question about something else ("who won the match on saturday") is about that, not about the word it
  // shares with an answer, unless an answer's phrase is longer than the off-topic one.
  const offTopic = best.get(OFF_TOPIC);
  if (offTopic) {
    best.delete(OFF_TOPIC);
    const length = offTopic.end - offTopic.start;
    if ([...best.values()].every((m) => m.end - m.start <= length)) return { matches: [], offTopic: true };
    covered -= length;
  }
  const ranked = preferSpecific([...best.values()].sort((a, b) => b.rank - a.rank || a.start - b.start), set.beats);
  // Confidence: how much of the message the phrases explain, less for typos and for competing intents.
  const coverage = covered / words.length;
  return {
    matches: ranked.map((m) => ({
      intent: m.intent,
      longestExact: m.longestExact,
      confidence: round(Math.max(0.3, 0.6 + 0.35 * coverage - (m.fuzzy ? 0.1 : 0) - 0.05 * (ranked.length - 1))),
    })),
    offTopic: false,
  };
}

/** A more specific intent named anywhere in the message moves ahead of the general one it refines. */
function preferSpecific(ranked: Match[], beats: CompiledSet['beats']): Match[] {
  if (ranked.length < 2 || !beats.size) return ranked;
  const out = [...ranked];
  for (let i = 1; i < out.length; i++) {
    const wins = beats.get(out[i]!.intent);
    if (!wins) continue;
    const general = out.findIndex((m, j) => j < i && wins.has(m.intent));
    if (general >= 0) out.splice(general, 0, ...out.splice(i, 1));
  }
  return out;
}

const EXACT = 2;
const BY_STEM = 1;
/** Phrases that may start at a word, each once (a phrase can be found by its word and by its stem). */
function candidatesOf(lists: (Phrase[] | undefined)[]): Phrase[] {
  const found = lists.filter((l): l is Phrase[] => l !== undefined && l.length > 0);
  if (found.length <= 1) return found[0] ?? [];
  return [...new Set(found.flat())];
}

/**
 * How a message word matches a phrase word: not at all (0), by its stem only, or exactly (a prefix counts as exact,
 * and so does a plural in -s: "weekends" is as sure as "weekend", unlike "passed" for "pass").
 */
function matchWord(word: PhraseWord, text: string, stem: string): number {
  if (word.prefix) return text.startsWith(word.text) ? EXACT : 0;
  if (text === word.text) return EXACT;
  if (stem !== word.stem) return 0;
  return text === `${word.text}s` ? EXACT : BY_STEM;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The message's first sentence when it is short and more follows ("Always. Nobody rings."), else null. */
function leadingSentence(text: string): string | null {
  const found = /^\s*([^.!?\n]+)[.!?\n]+\s*\S/u.exec(text);
  const sentence = found?.[1]?.trim();
  return sentence && sentence.split(/\s+/).length <= LEADING_ANSWER_WORDS ? sentence : null;
}
