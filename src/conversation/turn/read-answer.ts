import type { ContentCatalog } from '../../content/load-content.js';
import type { Translate } from '../../content/translate.js';
import type { FlowEvent } from '../../flow/compile-flows.js';
import type { Step, TextStep } from '../../flow/flow-schema.js';
import type { TextParser, Understand } from './turn-context.js';
import { matchChoice, readNumber, type ChoiceCandidate } from '../match-choice.js';
import { normaliseAnswer } from '../normalise-answer.js';
import type { Reply } from '../reply.js';
import { labelsOf, type Offer, type PresentedStep } from '../render-step.js';
import type { Session } from '../session.js';

export interface AnswerReaderOptions {
  content: ContentCatalog;
  translate: (locale: string) => Translate;
  present: (step: Step, session: Session) => PresentedStep;
  understand?: Understand;
  parsers?: Record<string, TextParser>;
}

/** Reads a resident's answer: to a flow step as a flow event, or to one of the engine's own questions as a choice. */
export function createAnswerReader(options: AnswerReaderOptions) {
  const { content, translate, present, understand, parsers } = options;
  // Words read from content once, here, never per message: "two" → 2, and what means "skip".
  const numberWords = new Map<string, Map<string, number>>();
  const skipWords = new Map<string, Set<string>>();
  for (const locale of content.locales.keys()) {
    const words = new Map<string, number>();
    for (const l of new Set([content.defaultLocale, locale])) {
      translate(l)('common.number_words').split('|').forEach((w, i) => w.trim() && words.set(normaliseAnswer(w), i + 1));
    }
    numberWords.set(locale, words);
    skipWords.set(locale, new Set(translate(locale)('keywords.skip').split('|').map(normaliseAnswer).filter(Boolean)));
  }

  /** Understand an answer to the current step as a flow event, or null if it can't be understood. */
  async function interpret(step: Step, text: string, session: Session, notices: Reply[]): Promise<FlowEvent | null> {
    if (step.type === 'end') return { type: 'RESUME' };
    const presented = present(step, session);
    const canSkip = [...presented.numbered, ...presented.hidden].some((o) => o.kind === 'skip');
    if (canSkip && skipWords.get(session.locale)?.has(normaliseAnswer(text))) return { type: 'SKIP' };
    if (step.type === 'choice') {
      const chosen = await chooseOffer(step, text, session.locale, presented);
      return chosen ? toEvent(chosen) : null;
    }
    if (step.type === 'text') return readText(step, text, session.locale, notices);
    return null;
  }

  /** Which offer an answer picks: by number, by its words, or by what it means (intents). */
  async function chooseOffer(step: Step, text: string, locale: string, presented: PresentedStep): Promise<Offer | null> {
    const t = translate(locale);
    const words = numberWords.get(locale) ?? new Map<string, number>();
    const set = intentSetOf(step);
    const candidates = (offers: Offer[]): ChoiceCandidate[] => {
      const labels = labelsOf(offers, t);
      return offers.map((o, i) => ({ label: labels[i]!, intents: o.kind === 'option' && o.option.intent ? [o.option.intent] : [] }));
    };
    // Most answers are an option's number: no need to read them for meaning.
    const n = readNumber(normaliseAnswer(text), words);
    if (n !== null && presented.numbered[n - 1]) return presented.numbered[n - 1]!;
    const found = set && understand ? await understand({ text, set, locale }) : [];
    if (presented.numbered[0]?.kind === 'item') {
      if (n !== null) return null;
    } else {
      const i = matchChoice(text, candidates(presented.numbered), { numberWords: words, intents: found });
      if (i !== null) return presented.numbered[i]!;
    }
    const hidden = presented.hidden.filter((o) => o.kind !== 'item');
    const j = matchChoice(text, candidates(hidden), { numberWords: words, intents: found, byNumber: false });
    return j === null ? null : hidden[j]!;
  }

  async function readText(step: TextStep, text: string, locale: string, notices: Reply[]): Promise<FlowEvent | null> {
    const accept = step.accept;
    if (accept === 'anything') return { type: 'ANSWER' };
    if (accept === 'number') {
      const n = Number(normaliseAnswer(text).replace(/\s/g, ''));
      return Number.isFinite(n) && normaliseAnswer(text) !== '' ? { type: 'ANSWER', value: n } : null;
    }
    if (accept === 'place' || accept === 'first_name') {
      const parsed = await parsers?.[accept]?.({ text, locale });
      if (parsed?.say) notices.push({ text: translate(locale)(parsed.say.key, parsed.say.params) });
      if (!parsed || parsed.status === 'invalid') return null;
      return { type: 'ANSWER', value: parsed.value, ...(parsed.extra ? { extra: parsed.extra } : {}) };
    }
    const intents = (await understand?.({ text, set: accept.intents, locale })) ?? [];
    if (step.many && intents.length) return { type: 'ANSWER', intent: intents[0]!, value: intents.join(',') };
    return intents[0] ? { type: 'ANSWER', intent: intents[0] } : null;
  }

  /** A free-text step's `otherwise`: used only once nothing else the bot knows fits the answer. */
  function otherwise(step: Step): FlowEvent | null {
    return step.type === 'text' && step.otherwise ? { type: 'ANSWER', intent: step.otherwise } : null;
  }

  /** Which of the engine's own labels an answer picks, by number, words or (with a set) meaning. */
  async function chooseFrom(text: string, labels: string[], locale: string, set?: string, intents: string[][] = []): Promise<number | null> {
    const candidates: ChoiceCandidate[] = labels.map((label, i) => ({ label, intents: intents[i] ?? [] }));
    const found = set && understand && candidates.some((c) => c.intents.length) ? await understand({ text, set, locale }) : [];
    return matchChoice(text, candidates, { numberWords: numberWords.get(locale) ?? new Map(), intents: found });
  }

  /** A yes (0), a no (1) or neither (null), to a question whose two labels are given. */
  function chooseYesNo(text: string, yes: string, no: string, locale: string): Promise<number | null> {
    return chooseFrom(text, [yes, no], locale, 'yes_no', [['yes'], ['no']]);
  }

  return { interpret, otherwise, chooseFrom, chooseYesNo };
}

export type AnswerReader = ReturnType<typeof createAnswerReader>;

/** The intent set free text is read with at a choice: the step's own, or yes/no when its options are yes and no. */
function intentSetOf(step: Step): string | undefined {
  if (step.type !== 'choice') return undefined;
  return step.intents ?? (step.options.some((o) => o.intent === 'yes' || o.intent === 'no') ? 'yes_no' : undefined);
}

function toEvent(offer: Offer): FlowEvent {
  if (offer.kind === 'skip') return { type: 'SKIP' };
  return offer.kind === 'item' ? { type: 'PICK', id: offer.id } : { type: 'CHOOSE', option: offer.index };
}
