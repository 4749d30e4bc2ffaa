import type { ContentCatalog } from '../../content/load-content.js';
import type { Step } from '../../flow/flow-schema.js';
import { normaliseText } from '../../nlu/normalise-text.js';
import { normaliseAnswer } from '../normalise-answer.js';
import type { Session } from '../session.js';
import type { Translate } from '../../content/translate.js';
import type { Understand } from './turn-context.js';

/**
 * What an answer means when it does not answer the step it was sent at: something the whole bot understands
 * ("lost my job" at the menu, "bye", "i feel so alone"), an answer to a question asked a step or two ago, or
 * words in another of the bot's languages.
 */
export type Aside =
  | { kind: 'global'; intent: string }
  | { kind: 'life_event'; intent: string }
  | { kind: 'menu'; intent: string }
  | { kind: 'earlier_question' }
  | { kind: 'other_language'; locale: string }
  | { kind: 'emoji_only' };

/** Catch-all events ("other", "skip") never take over another question. */
const VAGUE_EVENTS = new Set(['something_else', 'rather_not_say']);
const EARLIER_STEPS = 3;
/** Shorter answers ("ok", "no") fit too many options to be taken as an earlier question's. */
const MIN_EARLIER_ANSWER = 4;
const ONLY_EMOJI = /^(?:\p{Extended_Pictographic}|\s)+$/u;

export interface AsideReaderOptions {
  content: ContentCatalog;
  translate: (locale: string) => Translate;
  stepOf: (id: string) => Step | undefined;
  understand?: Understand;
}

export function createAsideReader(options: AsideReaderOptions) {
  const { content, translate, stepOf, understand } = options;
  // Each language's everyday words (language.common_words), to notice a message written in another one.
  const commonWords = new Map<string, Set<string>>();
  for (const locale of content.locales.keys()) {
    commonWords.set(locale, new Set(translate(locale)('language.common_words').split('|').map((w) => normaliseText(w)).filter(Boolean)));
  }

  /** The intent set a step reads free text with, if any. */
  const ownSet = (step: Step): string | undefined =>
    step.type === 'choice' ? step.intents : step.type === 'text' && typeof step.accept === 'object' ? step.accept.intents : undefined;

  async function readAside(step: Step, text: string, session: Session): Promise<Aside | null> {
    const { locale } = session;
    const own = ownSet(step);
    if (understand) {
      if (own !== 'life_event') {
        const event = (await understand({ text, set: 'life_event', locale })).find((i) => !VAGUE_EVENTS.has(i));
        if (event) return { kind: 'life_event', intent: event };
      }
      const global = (await understand({ text, set: 'global', locale }))[0];
      if (global) return { kind: 'global', intent: global };
      if (own !== 'menu') {
        const menu = (await understand({ text, set: 'menu', locale }))[0];
        if (menu) return { kind: 'menu', intent: menu };
      }
    }
    if (answersEarlierQuestion(text, session)) return { kind: 'earlier_question' };
    if (ONLY_EMOJI.test(text)) return { kind: 'emoji_only' };
    const language = languageOf(text, locale);
    return language ? { kind: 'other_language', locale: language } : null;
  }

  /**
   * An answer, in words, that fits one of the last couple of questions' listed options (not a number: numbers
   * fit most questions). Only the options' words: composing the step (its tips or activities) isn't needed.
   */
  function answersEarlierQuestion(text: string, session: Session): boolean {
    const t = translate(session.locale);
    const answer = normaliseAnswer(text);
    if (answer.length < MIN_EARLIER_ANSWER) return false;
    return session.trail.slice(-EARLIER_STEPS).some((id) => {
      const step = stepOf(id);
      if (step?.type !== 'choice') return false;
      return step.options.some((o) => !o.hidden && ` ${normaliseAnswer(t(o.label))} `.includes(` ${answer} `));
    });
  }

  /** Only the farewells (at the end of a conversation, where nothing else is asked). */
  async function readFarewell(text: string, locale: string): Promise<string | null> {
    const global = understand ? (await understand({ text, set: 'global', locale }))[0] : undefined;
    return global === 'goodbye' || global === 'thanks' ? global : null;
  }

  /** Another of the bot's languages, when most of the message's everyday words are that language's and none are ours. */
  function languageOf(text: string, locale: string): string | null {
    const words = normaliseText(text).split(' ').filter(Boolean);
    const count = (l: string) => words.filter((w) => commonWords.get(l)?.has(w)).length;
    if (count(locale) > 0) return null;
    let best: string | null = null;
    let bestCount = 0;
    for (const other of commonWords.keys()) {
      const n = other === locale ? 0 : count(other);
      if (n > bestCount) [best, bestCount] = [other, n];
    }
    return bestCount > 0 ? best : null;
  }

  return { readAside, readFarewell };
}

export type AsideReader = ReturnType<typeof createAsideReader>;
