import type { ContentCatalog } from '../content/load-content.js';
import { createTranslator, type Translate } from '../content/translate.js';
import type { CompiledFlows, EnteredStep, FlowEvent } from '../flow/compile-flows.js';
import { createFlowStepper, type CollectedAction } from '../flow/flow-stepper.js';
import type { Scalar, Step, TextStep } from '../flow/flow-schema.js';
import type { AnalyticsEvent } from './analytics-event.js';
import { createCommandReader, type Command } from './commands.js';
import { matchChoice, readNumber, type ChoiceCandidate } from './match-choice.js';
import { normaliseAnswer } from './normalise-answer.js';
import type { Reply } from './reply.js';
import { labelsOf, presentStep, toReply, type Offer, type PresentedStep } from './render-step.js';
import { newSession, TRAIL_LENGTH, type Session } from './session.js';
import type { ShowProvider } from './shows.js';

/** What a resident sent, already free of any channel detail. */
export interface InboundText {
  text: string;
  mediaCount?: number;
  /** The SMS carrier layer (Twilio) already acted on an opt-out keyword and answered it itself. */
  carrierOptOut?: 'STOP' | 'START' | 'HELP';
}

export interface TurnInput {
  session: Session | null;
  message: InboundText;
  now: number;
}

export interface TurnResult {
  replies: Reply[];
  /** The session to keep; null when everything about the sender must be erased. */
  session: Session | null;
  events: AnalyticsEvent[];
}

export type SafetyScreen = (text: string) => { category: string; level: 'clear' | 'check' } | null;
/** Intents found in a free-text answer, best first, from the named set. */
export type Understand = (request: { text: string; set: string; locale: string }) => Promise<string[]>;
/** Words from content to say, with their placeholders. */
export interface Say {
  key: string;
  params?: Record<string, string | number>;
}
/**
 * Reads a free-text answer of a particular kind (a place, a number). It may ask for something to be said:
 * a notice before moving on, or why the answer could not be used.
 */
export type TextParser = (request: { text: string; locale: string }) => Promise<
  { status: 'ok'; value: Scalar; extra?: Record<string, Scalar>; say?: Say } | { status: 'invalid'; say?: Say }
>;

export interface EngineOptions {
  flows: CompiledFlows;
  content: ContentCatalog;
  homeFlow: string;
  menuFlow: string;
  shows: Record<string, ShowProvider>;
  parsers?: Record<string, TextParser>;
  understand?: Understand;
  screen?: SafetyScreen;
  onMissingText?: (key: string, locale: string) => void;
}

export interface Engine {
  runTurn(input: TurnInput): Promise<TurnResult>;
  readonly locales: readonly string[];
  readonly flowsVersion: string;
}

/** Words the engine itself uses (beyond those the flows name); content:check makes sure they exist. */
export const ENGINE_TEXT_KEYS = [
  'common.skip_option', 'common.reprompt', 'common.reprompt_text', 'common.stuck', 'common.empty', 'common.media_only',
  'common.flow_changed', 'common.paused', 'common.number_words', 'common.unavailable', 'common.reprompt_list',
  'commands.help', 'commands.stopped', 'commands.started', 'commands.already_started', 'commands.restarted',
  'commands.back_none', 'commands.delete_confirm', 'commands.delete_yes', 'commands.delete_no', 'commands.deleted',
  'commands.delete_cancelled', 'language.name', 'language.names', 'language.choose', 'language.changed',
  'keywords.help', 'keywords.menu', 'keywords.back', 'keywords.restart', 'keywords.language', 'keywords.stop',
  'keywords.start', 'keywords.delete', 'keywords.skip', 'tips.no_more',
  'safety.check', 'safety.check_no', 'safety.resume', 'safety.resume_yes', 'safety.resume_no',
] as const;

/** Longer messages are read only this far: enough for any answer, and bounded work per turn. */
const MAX_READ = 1000;
/** Repeated safety messages within this window get the shorter reply. */
const SAFETY_REPEAT_MS = 24 * 3600 * 1000;
const MAX_MISSES = 2;

/**
 * The conversation engine: one inbound message and a session in, replies and a new session out.
 * Knows nothing of HTTP, Twilio or storage; the terminal chat, tests and webhook all call `runTurn`.
 */
export function createEngine(options: EngineOptions): Engine {
  const { flows, content, shows } = options;
  const { machine } = flows;
  const stepper = createFlowStepper(machine);
  const translators = new Map<string, Translate>();
  for (const locale of content.locales.keys()) translators.set(locale, createTranslator(content, locale, options.onMissingText));
  const translate = (locale: string) => translators.get(locale) ?? translators.get(content.defaultLocale)!;
  const readCommand = createCommandReader(content, new Set([...flows.steps.keys()].map((id) => id.slice(0, id.indexOf('.')))));
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
  const localeNames = [...content.locales.keys()];

  async function runTurn({ session: stored, message, now }: TurnInput): Promise<TurnResult> {
    const events: AnalyticsEvent[] = [];
    const session: Session = stored ? structuredClone(stored) : newSession(content.defaultLocale, flows.version, now);
    if (!stored) events.push({ name: 'conversation_started' });
    session.lastSeenAt = now;
    const text = message.text.slice(0, MAX_READ).trim();
    const replies: Reply[] = [];
    const t = () => translate(session.locale);
    const done = (): TurnResult => ({ replies, session, events });

    const hit = text ? options.screen?.(text) : null;
    if (hit) {
      respondToSafety(session, hit, replies, events, now);
      return done();
    }
    // The softer check asked "are you thinking about ending your life?": a yes must never read as "carry on".
    if (session.pending === 'safety_check') {
      const answer = await chooseFrom(text, [t()('safety.resume_yes'), t()('safety.resume_no')], session.locale, 'yes_no', [['yes'], ['no']]);
      if (answer === 0) {
        delete session.pending;
        respondToSafety(session, { category: 'suicide_self_harm', level: 'clear' }, replies, events, now);
        return done();
      }
      if (answer === 1) {
        replies.push({ text: t()('safety.check_no') });
        session.pending = 'safety_resume';
        if (!session.optedOut) replies.push(resumeQuestion(session));
        return done();
      }
      delete session.pending;
    }

    const command = readCommand(text, session.locale);
    if (session.optedOut) {
      if (message.carrierOptOut !== 'START' && command !== 'start') return done();
      session.optedOut = false;
      events.push({ name: 'command', props: { command: 'start' } });
      if (message.carrierOptOut !== 'START') replies.push({ text: t()('commands.started') });
      resumeOrStart(session, replies, events);
      return done();
    }
    if (message.carrierOptOut === 'STOP' || command === 'stop') {
      session.optedOut = true;
      delete session.pending;
      events.push({ name: 'command', props: { command: 'stop' } });
      if (message.carrierOptOut !== 'STOP') replies.push({ text: t()('commands.stopped') });
      return done();
    }

    if (session.pending) {
      const pending = session.pending;
      delete session.pending;
      if (pending === 'delete') return confirmDelete(session, text, replies, events, done);
      if (pending === 'language') {
        const chosen = await chooseFrom(text, localeNames.map((l) => translate(l)('language.name')), session.locale);
        if (chosen !== null) {
          session.locale = localeNames[chosen]!;
          replies.push({ text: t()('language.changed') });
          resumeOrStart(session, replies, events);
          return done();
        }
      }
      if (pending === 'safety_resume') {
        const chosen = await chooseFrom(text, [t()('safety.resume_yes'), t()('safety.resume_no')], session.locale, 'yes_no', [['yes'], ['no']]);
        if (chosen === 0) {
          resumeOrStart(session, replies, events);
          return done();
        }
        if (chosen === 1) {
          replies.push({ text: t()('common.paused') });
          return done();
        }
      }
    }

    if (command && typeof command === 'object' && 'flow' in command) {
      events.push({ name: 'command', props: { command: command.flow } });
      start(session, replies, events, command.flow);
      return done();
    }
    if (command && typeof command === 'object') {
      session.locale = command.language;
      events.push({ name: 'command', props: { command: 'language' } });
      replies.push({ text: t()('language.changed') });
      resumeOrStart(session, replies, events);
      return done();
    }
    if (command) {
      events.push({ name: 'command', props: { command } });
      runCommand(command, session, replies, events);
      return done();
    }

    if (session.at === null) {
      start(session, replies, events);
      return done();
    }
    const current = restorable(session) ? flows.steps.get(session.at) : undefined;
    if (!current) {
      events.push({ name: 'flow_changed_restart' });
      replies.push({ text: t()('common.flow_changed') });
      restart(session, replies, events);
      return done();
    }

    if (!text) {
      replies.push({ text: t()(message.mediaCount ? 'common.media_only' : 'common.empty') });
      rerender(session, replies);
      return done();
    }

    const notices: Reply[] = [];
    const event = await interpret(current.step, text, session, notices);
    replies.push(...notices);
    if (!event) {
      // A parser that explained why it couldn't use the answer has said enough; otherwise re-prompt.
      if (!notices.length) reprompt(session, current.step, replies, events);
      return done();
    }
    if (event.type === 'CHOOSE' && current.step.type === 'choice' && current.step.options[event.option]?.more) session.page += 1;
    advance(session, event, replies, events);
    return done();
  }

  /** Understand an answer to the current step as a flow event, or null if it can't be understood. */
  async function interpret(step: Step, text: string, session: Session, notices: Reply[]): Promise<FlowEvent | null> {
    if (step.type === 'end') return { type: 'RESUME' };
    const presented = present(step, session);
    const canSkip = [...presented.numbered, ...presented.hidden].some((o) => o.kind === 'skip');
    if (canSkip && readsAsSkip(text, session.locale)) return { type: 'SKIP' };
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
    const found = set && options.understand ? await options.understand({ text, set, locale }) : [];
    if (presented.numbered[0]?.kind === 'item') {
      const n = readNumber(normaliseAnswer(text), words);
      if (n !== null) return presented.numbered[n - 1] ?? null;
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
    const t = translate(locale);
    if (accept === 'anything') return { type: 'ANSWER' };
    if (accept === 'number') {
      const n = Number(normaliseAnswer(text).replace(/\s/g, ''));
      return Number.isFinite(n) && normaliseAnswer(text) !== '' ? { type: 'ANSWER', value: n } : null;
    }
    if (accept === 'place' || accept === 'first_name') {
      const parsed = await options.parsers?.[accept]?.({ text, locale });
      if (parsed?.say) notices.push({ text: t(parsed.say.key, parsed.say.params) });
      if (!parsed || parsed.status === 'invalid') return null;
      return { type: 'ANSWER', value: parsed.value, ...(parsed.extra ? { extra: parsed.extra } : {}) };
    }
    const intents = (await options.understand?.({ text, set: accept.intents, locale })) ?? [];
    if (step.many && intents.length) return { type: 'ANSWER', intent: intents[0]!, value: intents.join(',') };
    const chosen = intents[0] ?? step.otherwise;
    return chosen ? { type: 'ANSWER', intent: chosen } : null;
  }

  /** The intent set free text is read with at a choice: the step's own, or yes/no when its options are yes and no. */
  function intentSetOf(step: Step): string | undefined {
    if (step.type !== 'choice') return undefined;
    return step.intents ?? (step.options.some((o) => o.intent === 'yes' || o.intent === 'no') ? 'yes_no' : undefined);
  }

  async function chooseFrom(text: string, labels: string[], locale: string, set?: string, intents: string[][] = []): Promise<number | null> {
    const candidates: ChoiceCandidate[] = labels.map((label, i) => ({ label, intents: intents[i] ?? [] }));
    const found = set && options.understand && candidates.some((c) => c.intents.length) ? await options.understand({ text, set, locale }) : [];
    return matchChoice(text, candidates, { numberWords: numberWords.get(locale) ?? new Map(), intents: found });
  }

  function readsAsSkip(text: string, locale: string): boolean {
    return skipWords.get(locale)?.has(normaliseAnswer(text)) ?? false;
  }

  function toEvent(offer: Offer): FlowEvent {
    if (offer.kind === 'skip') return { type: 'SKIP' };
    return offer.kind === 'item' ? { type: 'PICK', id: offer.id } : { type: 'CHOOSE', option: offer.index };
  }

  /** Send an event into the flow machine, then render every step it entered. */
  function advance(session: Session, event: FlowEvent, replies: Reply[], events: AnalyticsEvent[]): void {
    const snapshot = machine.resolveState({ value: valueOf(session.at!), context: { vars: session.vars } });
    const [next, actions] = stepper.transition(snapshot, event);
    settle(session, next.value, next.context.vars, enteredSteps(actions), replies, events);
  }

  function start(session: Session, replies: Reply[], events: AnalyticsEvent[], flow?: string): void {
    const [initial, actions] = stepper.initial();
    if (!flow) {
      settle(session, initial.value, session.vars, enteredSteps(actions), replies, events);
      return;
    }
    const snapshot = machine.resolveState({ value: valueOf(flows.startOf(flow)), context: { vars: session.vars } });
    const [next, entered] = stepper.transition(snapshot, { type: `GO.${flow}` });
    settle(session, next.value, next.context.vars, enteredSteps(entered), replies, events);
  }

  function settle(session: Session, value: unknown, vars: Session['vars'], entered: string[], replies: Reply[], events: AnalyticsEvent[]): void {
    const previous = session.at;
    const at = stepIdOf(value);
    for (const [name, v] of Object.entries(vars)) {
      if (flows.reportable.has(name) && session.vars[name] !== v) events.push({ name: 'answer_saved', props: { name, value: String(v) } });
    }
    session.vars = vars;
    if (at !== previous) {
      if (previous && flows.steps.get(previous)?.step.type !== 'end') session.trail = [...session.trail, previous].slice(-TRAIL_LENGTH);
      session.page = 0;
    }
    session.misses = 0;
    session.at = at;
    for (const id of entered) {
      events.push({ name: 'step_entered', props: { step: id } });
      const reply = render(id, session);
      if (reply) replies.push(reply);
    }
  }

  function present(step: Step, session: Session): PresentedStep {
    const show = { vars: session.vars, page: session.page, locale: session.locale, t: translate(session.locale), now: session.lastSeenAt };
    return presentStep({ step, show, shows });
  }

  function render(stepId: string, session: Session): Reply | null {
    const step = flows.steps.get(stepId)?.step;
    return step ? toReply(present(step, session)) : null;
  }

  function rerender(session: Session, replies: Reply[]): void {
    const reply = session.at ? render(session.at, session) : null;
    if (reply) replies.push(reply);
  }

  function resumeOrStart(session: Session, replies: Reply[], events: AnalyticsEvent[]): void {
    if (session.at && restorable(session) && flows.steps.has(session.at)) rerender(session, replies);
    else start(session, replies, events);
  }

  function restart(session: Session, replies: Reply[], events: AnalyticsEvent[]): void {
    Object.assign(session, { at: null, vars: {}, trail: [], page: 0, misses: 0, flows: flows.version });
    start(session, replies, events);
  }

  function reprompt(session: Session, step: Step, replies: Reply[], events: AnalyticsEvent[]): void {
    session.misses += 1;
    events.push({ name: 'reprompt', props: { step: session.at! } });
    const t = translate(session.locale);
    if (session.misses >= MAX_MISSES) {
      session.misses = 0;
      replies.push({ text: t('common.stuck') });
      return;
    }
    const { labels, numbered } = present(step, session);
    const key = step.type === 'text' ? step.invalid ?? 'common.reprompt_text' : numbered[0]?.kind === 'item' ? 'common.reprompt_list' : 'common.reprompt';
    replies.push(labels.length ? { text: t(key), options: labels } : { text: t(key) });
  }

  function runCommand(command: Command, session: Session, replies: Reply[], events: AnalyticsEvent[]): void {
    const t = translate(session.locale);
    switch (command) {
      case 'help':
        replies.push({ text: t('commands.help') });
        rerender(session, replies);
        return;
      case 'menu':
        start(session, replies, events, options.menuFlow);
        return;
      case 'restart':
        replies.push({ text: t('commands.restarted') });
        restart(session, replies, events);
        return;
      case 'back': {
        const previous = session.trail.at(-1);
        if (!previous || !flows.steps.has(previous)) {
          replies.push({ text: t('commands.back_none') });
          rerender(session, replies);
          return;
        }
        session.trail = session.trail.slice(0, -1);
        session.at = previous;
        session.page = 0;
        session.misses = 0;
        rerender(session, replies);
        return;
      }
      case 'language':
        session.pending = 'language';
        replies.push({ text: t('language.choose'), options: localeNames.map((l) => translate(l)('language.name')) });
        return;
      case 'delete':
        session.pending = 'delete';
        replies.push({ text: t('commands.delete_confirm'), options: [t('commands.delete_yes'), t('commands.delete_no')] });
        return;
      case 'start':
        replies.push({ text: t('commands.already_started') });
        resumeOrStart(session, replies, events);
        return;
      case 'stop':
        return;
    }
  }

  async function confirmDelete(session: Session, text: string, replies: Reply[], events: AnalyticsEvent[], done: () => TurnResult): Promise<TurnResult> {
    const t = translate(session.locale);
    const chosen = await chooseFrom(text, [t('commands.delete_yes'), t('commands.delete_no')], session.locale, 'yes_no', [['yes'], ['no']]);
    if (chosen === 0) {
      events.push({ name: 'erased' });
      return { replies: [{ text: t('commands.deleted') }], session: null, events };
    }
    replies.push({ text: t('commands.delete_cancelled') });
    rerender(session, replies);
    return done();
  }

  function respondToSafety(session: Session, hit: { category: string; level: 'clear' | 'check' }, replies: Reply[], events: AnalyticsEvent[], now: number): void {
    const t = translate(session.locale);
    events.push({ name: 'safety', props: { category: hit.category, level: hit.level } });
    const recent = session.safety && now - session.safety.at < SAFETY_REPEAT_MS;
    session.safety = { at: now, count: recent ? session.safety!.count + 1 : 1 };
    if (hit.level === 'check') {
      // A direct question, answered next turn; asking is safe and it is not followed by anything else.
      replies.push({ text: t('safety.check') });
      session.pending = 'safety_check';
      return;
    }
    replies.push({ text: t(`safety.${hit.category}.${recent ? 'short' : 'full'}`) });
    // Opted-out residents get the help, but no further question; a repeat doesn't ask again.
    if (session.optedOut || session.pending === 'safety_resume') return;
    session.pending = 'safety_resume';
    replies.push(resumeQuestion(session));
  }

  function resumeQuestion(session: Session): Reply {
    const t = translate(session.locale);
    return { text: t('safety.resume'), options: [t('safety.resume_yes'), t('safety.resume_no')] };
  }

  /** A session can be restored if its step still exists in the flows as they are now. */
  function restorable(session: Session): boolean {
    if (!session.at || !flows.steps.has(session.at)) return false;
    if (session.flows === flows.version) return true;
    try {
      machine.resolveState({ value: valueOf(session.at), context: { vars: session.vars } });
      session.flows = flows.version;
      return true;
    } catch {
      return false;
    }
  }

  return { runTurn, locales: localeNames, flowsVersion: flows.version };
}

function enteredSteps(actions: readonly CollectedAction[]): string[] {
  const steps: string[] = [];
  for (const action of actions) {
    if (action.type !== 'xstate.emit') continue;
    const event = (action.params as { event?: EnteredStep } | undefined)?.event;
    if (event?.type === 'entered') steps.push(event.step);
  }
  return steps;
}

function valueOf(stepId: string): Record<string, string> {
  const dot = stepId.indexOf('.');
  return { [stepId.slice(0, dot)]: stepId.slice(dot + 1) };
}

function stepIdOf(value: unknown): string {
  const [flow, step] = Object.entries(value as Record<string, string>)[0]!;
  return `${flow}.${step}`;
}
