import { CLAUSE_MARK } from '../nlu/normalise-text.js';
import type { ScreenLanguage, ScreenMessage, SafetyHit } from './categories.js';
import { mostLikelyCategory, toProbabilities, CLASSES, type ClassifierModel } from './classifier-model.js';
import { createFeatureScorer, type FeatureScorer } from './feature-scorer.js';
import { createLanguageDetector } from './language-model.js';
import type { SafetyLexicon } from './load-safety-lexicon.js';
import { normaliseSentence, splitSentences } from './prepare-text.js';
import { createRuleMatcher, type RuleHit, type RuleMatcher } from './rule-matcher.js';

export type { SafetyHit, ScreenMessage } from './categories.js';

/** A message read for screening: for each language, its sentences (fixed words) in that language. */
export type PreparedMessage = Map<ScreenLanguage, string[][]>;

/** The classifier reads long messages in runs of at most this many words, two at a time (see scoreClassifier). */
const CHUNK_WORDS = 40;
/** Up to this many words a message is scored whole, as training lines are; longer ones by chunks. */
const WHOLE_MESSAGE_WORDS = 150;
const MIN_WORDS = 3;
/**
 * From this risk the classifier acts even without a signal word (disclosures in words no concept lists yet). A
 * language whose check threshold is already this high (none today) needs its clear threshold instead, or the gate would
 * never hold its classifier back on everyday chat.
 */
const UNSIGNALLED_RISK = 0.9;
/**
 * Up to this many words a message with no signal word is questioned by the classifier alone only at its clear
 * threshold. Everyday replies to the bot ("pomyślę o tym", "nahi abhi nahi") are a few n-grams that disclosures
 * also use; in 5-fold cross-validation no disclosure this short was caught that way (docs/clinical-safety.md,
 * round 12 development set).
 */
const SHORT_WORDS = 6;
const unsignalledRisk = (thresholds: { check: number; clear: number } | undefined, words: number) =>
  thresholds && (thresholds.check >= UNSIGNALLED_RISK || words <= SHORT_WORDS) ? thresholds.clear : UNSIGNALLED_RISK;

export interface SafetyScreen extends ScreenMessage {
  /** The two layers' findings, for the evaluation and the tests. */
  explain(text: string): { rule: (RuleHit & { language: ScreenLanguage }) | null; risk: number; category: SafetyHit['category']; level: SafetyHit['level'] | null; language: ScreenLanguage | null; hit: SafetyHit | null };
}

/**
 * The screen run first on every message. Each sentence is cleaned of disguises, its language(s) decided, and it is
 * then read only with that language's words: the concept rules (src/safety/rules, src/safety/concepts) and the
 * trained classifier (src/safety/model). See decide() for how the two are combined.
 */
export function createSafetyScreen(lexicon: SafetyLexicon): SafetyScreen {
  const languages = lexicon.languages.map((l) => l.lang);
  const detect = createLanguageDetector(lexicon.model.languages, languages);
  const matchers = new Map<ScreenLanguage, RuleMatcher>(lexicon.languages.map((l) => [l.lang, createRuleMatcher(l, lexicon.model.vocabulary)]));
  const scorer = createFeatureScorer(lexicon.model.weights);

  const prepare = (message: string): PreparedMessage => {
    const byLanguage: PreparedMessage = new Map();
    for (const sentence of splitSentences(message.length > 20_000 ? message.slice(-20_000) : message)) {
      const words = normaliseSentence(sentence);
      if (!words.length) continue;
      for (const lang of detect(sentence, words.filter((w) => w !== CLAUSE_MARK).join(' '))) {
        const list = byLanguage.get(lang) ?? [];
        list.push(words);
        byLanguage.set(lang, list);
      }
    }
    for (const [lang, sentences] of byLanguage) byLanguage.set(lang, matchers.get(lang)!.prepareSentences(sentences));
    return byLanguage;
  };

  /**
   * Both layers' findings on a message. The screen itself passes `full` false: a clear or negated rule hit then
   * decides without the classifier (see decide), so it is not run; explain() always runs both, for the evaluation.
   */
  const read = (message: string, full: boolean) => {
    const prepared = prepare(message);
    let rule: (RuleHit & { language: ScreenLanguage }) | null = null;
    for (const [lang, sentences] of prepared) {
      const hit = matchers.get(lang)!.match(sentences);
      if (hit && (!rule || rank(hit) < rank(rule))) rule = { ...hit, language: lang };
      // The first clear hit stands (a later language's could not replace it): the rest need not be read.
      if (rule?.level === 'clear') break;
    }
    const scored = !full && (rule?.level === 'clear' || rule?.negated) ? notScored() : scoreClassifier(lexicon.model, scorer, prepared);
    // Below a very high risk, the classifier alone acts only on a message with a risk signal word: statistics alone
    // must not question everyday chat ("I like walking and gardening I suppose").
    if (scored.level && !rule && scored.risk < unsignalledRisk(scored.language ? lexicon.model.thresholds[scored.language] : undefined, wordCount(prepared)) && ![...prepared].some(([lang, sentences]) => sentences.some((s) => matchers.get(lang)!.hasSignal(s)))) {
      scored.level = null;
    }
    const hit = decide(rule, scored);
    return { rule, ...scored, hit: hit?.level === 'clear' && onlyWhenFramed(prepared) ? { ...hit, level: 'check' as const } : hit };
  };

  /**
   * Whether the message's clear finding needs a clause framed as a joke, a quote or fiction ("i want to die lol",
   * "in the film he stabs her"): then it is softened to the check question, never dropped. The message is read
   * again without its framed clauses; if either layer still finds a clear risk there, the framing changes nothing
   * ("lol what a day. i've taken 40 paracetamol", "in the film he dies and i have taken 40 paracetamol" keep the
   * full reply).
   */
  const onlyWhenFramed = (prepared: PreparedMessage): boolean => {
    const plain: PreparedMessage = new Map();
    let framed = false;
    for (const [lang, sentences] of prepared) {
      const kept = sentences.map((s) => matchers.get(lang)!.unframed(s));
      framed ||= kept.some((s, i) => s !== sentences[i]);
      const spoken = kept.filter((s) => s.length) as string[][];
      if (spoken.length) plain.set(lang, spoken);
    }
    if (!framed) return false;
    for (const [lang, sentences] of plain) if (matchers.get(lang)!.match(sentences)?.level === 'clear') return false;
    return scoreClassifier(lexicon.model, scorer, plain).level !== 'clear';
  };
  const screen = ((message: string) => read(message, false).hit) as SafetyScreen;
  screen.explain = (message) => read(message, true);
  return screen;
}

/** The most words the message has in one of its languages (clause marks are not words). */
const wordCount = (prepared: PreparedMessage) => Math.max(0, ...[...prepared.values()].map((sentences) => sentences.reduce((n, s) => n + s.filter((w) => w !== CLAUSE_MARK).length, 0)));

/** The classifier's reading when it was not needed (a rule hit decided alone). */
const notScored = (): ReturnType<typeof scoreClassifier> => ({ risk: 0, category: 'suicide_self_harm', level: null, language: null });

const rank = (hit: RuleHit) => (hit.level === 'clear' ? 0 : 1);

/**
 * Biased to recall (a clear finding that needs a joke, a quote or fiction is then softened: see onlyWhenFramed). A clear rule hit, or a classifier risk at or above its `clear` threshold, gets the full reply
 * at once; a check-level rule or a risk above the lower threshold gets the gentle direct question. A negated
 * disclosure ("I'm not going to kill myself... probably") stays a question whatever the classifier says: the
 * person is asked, never ignored. The rule's category wins when a rule fired, being the more specific reading.
 */
export function decide(
  rule: (RuleHit & { language?: ScreenLanguage }) | null,
  classifier: { category: SafetyHit['category']; level: SafetyHit['level'] | null; language?: ScreenLanguage | null },
): SafetyHit | null {
  const hit = (category: SafetyHit['category'], level: SafetyHit['level'], language: ScreenLanguage | null | undefined): SafetyHit =>
    language ? { category, level, language } : { category, level };
  if (rule?.level === 'clear') return hit(rule.category, 'clear', rule.language);
  if (rule?.negated) return hit(rule.category, 'check', rule.language);
  if (classifier.level === 'clear') return rule ? hit(rule.category, 'clear', rule.language) : hit(classifier.category, 'clear', classifier.language);
  if (rule) return hit(rule.category, 'check', rule.language);
  if (classifier.level) return hit(classifier.category, 'check', classifier.language);
  return null;
}

/**
 * The classifier's risk for a message. A short one is scored whole, as training lines are; a long one by its
 * highest risk over each pair of neighbouring chunks (a chunk is a sentence, or 40 words of a long one), so a
 * disclosure at the end of a long message is not drowned by the ordinary text before it. The model
 * is linear, so each chunk's weights are summed once and windows just add two sums.
 */
export function scoreClassifier(
  model: ClassifierModel,
  scorer: FeatureScorer,
  prepared: PreparedMessage,
): { risk: number; category: SafetyHit['category']; level: SafetyHit['level'] | null; language: ScreenLanguage | null } {
  let risk = 0;
  let language: ScreenLanguage | null = null;
  let category: SafetyHit['category'] = 'suicide_self_harm';
  let level: SafetyHit['level'] | null = null;
  let margin = -Infinity;
  for (const [lang, sentences] of prepared) {
    const chunks: { sums: Float64Array; count: number }[] = [];
    for (const sentence of sentences) {
      const words = sentence.filter((w) => w !== CLAUSE_MARK);
      for (let start = 0; start < words.length; start += CHUNK_WORDS) {
        const sums = new Float64Array(CLASSES.length);
        const count = scorer(lang, words.slice(start, start + CHUNK_WORDS), sums);
        chunks.push({ sums, count });
      }
    }
    const thresholds = model.thresholds[lang] ?? { clear: 1, check: 1 };
    const consider = (sums: Float64Array, count: number) => {
      const p = toProbabilities(sums, count, model.bias);
      const windowRisk = 1 - p[0]!;
      risk = Math.max(risk, windowRisk);
      // Languages have their own thresholds: keep the window furthest past its language's check threshold.
      if (windowRisk - thresholds.check <= margin) return;
      margin = windowRisk - thresholds.check;
      language = lang;
      category = mostLikelyCategory(p);
      level = windowRisk >= thresholds.clear ? 'clear' : windowRisk >= thresholds.check ? 'check' : null;
    };
    const words = sentences.reduce((n, s) => n + s.length, 0);
    // Too few words for the statistics to mean anything ("goodnight", "4 i think"): the rules alone decide.
    if (words < MIN_WORDS) continue;
    if (words <= WHOLE_MESSAGE_WORDS) {
      // Read as the model was trained: the whole message at once.
      const total = new Float64Array(CLASSES.length);
      let count = 0;
      for (const chunk of chunks) {
        chunk.sums.forEach((s, c) => (total[c]! += s));
        count += chunk.count;
      }
      consider(total, count);
      continue;
    }
    chunks.forEach((a, i) => {
      const b = chunks[i + 1];
      if (b) consider(a.sums.map((s, c) => s + b.sums[c]!), a.count + b.count);
      else if (i === 0) consider(a.sums, a.count);
    });
  }
  return { risk, category, level, language };
}
