import type { ContentCatalog } from '../content/load-content.js';
import { createTranslator, type Translate } from '../content/translate.js';
import type { CompiledFlows } from '../flow/compile-flows.js';
import type { AnalyticsEvent } from './analytics-event.js';
import { createCommandReader } from './commands.js';
import type { Reply } from './reply.js';
import { copySession, newSession, type Session } from './session.js';
import type { ShowProvider } from './shows.js';
import { createFlowDriver } from './turn/flow-driver.js';
import { createAsideReader } from './turn/read-aside.js';
import { createAnswerReader } from './turn/read-answer.js';
import { runStages } from './turn/run-stages.js';
import { STAGES } from './turn/stages.js';
import type { CampaignFinder, HostAction, SafetyScreen, TextParser, TurnContext, TurnKit, TurnSettings, Understand } from './turn/turn-context.js';
import type { AdReferral } from './turn/turn-event.js';
import type { TurnEvent } from './turn/turn-event.js';

export type { CampaignFinder, HostAction, Say, SafetyScreen, TextParser, Understand } from './turn/turn-context.js';
export type { TurnEvent } from './turn/turn-event.js';

/** What a resident sent, already free of any channel detail. */
export interface InboundText {
  text: string;
  mediaCount?: number;
  /** The SMS carrier layer (Twilio) already acted on an opt-out keyword and answered it itself. */
  carrierOptOut?: 'STOP' | 'START' | 'HELP';
  /** The WhatsApp click-to-chat ad this message came from, if any. */
  referral?: AdReferral;
  /** Written where the bot can only answer (the browser chat page): nothing can be texted to this resident later. */
  replyOnly?: boolean;
}

/** A turn starts from a resident's message or from any other event (a due follow-up, a campaign). */
export type TurnInput = { session: Session | null; now: number } & ({ message: InboundText } | { event: TurnEvent });

export interface TurnResult {
  replies: Reply[];
  /** The session to keep; null when everything about the sender must be erased. */
  session: Session | null;
  events: AnalyticsEvent[];
  /** What the host must do once the turn is committed (schedule or cancel follow-ups). */
  actions: HostAction[];
  /** The stage that handled the turn, for logs and tests; null when none did. */
  handledBy: string | null;
}

export interface EngineOptions {
  flows: CompiledFlows;
  content: ContentCatalog;
  homeFlow: string;
  menuFlow: string;
  shows: Record<string, ShowProvider>;
  parsers?: Record<string, TextParser>;
  understand?: Understand;
  screen?: SafetyScreen;
  settings?: Partial<TurnSettings>;
  campaigns?: CampaignFinder;
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
  'common.earlier_answer', 'common.emoji_only', 'global.thanks', 'global.feeling_low', 'global.after_goodbye',
  'language.hint', 'language.common_words',
  'commands.help', 'commands.stopped', 'commands.started', 'commands.already_started', 'commands.restarted',
  'commands.back_none', 'commands.delete_confirm', 'commands.delete_yes', 'commands.delete_no', 'commands.deleted',
  'commands.delete_cancelled', 'language.name', 'language.names', 'language.choose', 'language.changed',
  'keywords.help', 'keywords.menu', 'keywords.back', 'keywords.restart', 'keywords.language', 'keywords.stop',
  'keywords.start', 'keywords.delete', 'keywords.skip', 'tips.no_more', 'tips.intro', 'tips.intro_more',
  'safety.check', 'safety.check_no', 'safety.resume', 'safety.resume_yes', 'safety.resume_no',
  'keywords.no_follow_ups', 'commands.no_follow_ups', 'welcome_back.question', 'welcome_back.carry_on', 'welcome_back.start_fresh',
] as const;

/** Longer messages are read only this far: enough for any answer, and bounded work per turn. */
const MAX_READ = 1000;
const DEFAULT_SETTINGS: TurnSettings = { reentryAfterMs: 7 * 86_400_000 };

/**
 * The conversation engine: one event (usually a resident's message) and a session in, replies and a new
 * session out. Knows nothing of HTTP, Twilio or storage; the terminal chat, tests, webhook and worker all call
 * `runTurn`. The turn itself is the pipeline in `turn/stages.ts`.
 */
export function createEngine(options: EngineOptions): Engine {
  const { flows, content } = options;
  const translators = new Map<string, Translate>();
  for (const locale of content.locales.keys()) translators.set(locale, createTranslator(content, locale, options.onMissingText));
  const translate = (locale: string) => translators.get(locale) ?? translators.get(content.defaultLocale)!;
  const readCommand = createCommandReader(content, new Set([...flows.steps.keys()].map((id) => id.slice(0, id.indexOf('.')))));
  const flow = createFlowDriver(flows, options.shows, translate);
  const answers = createAnswerReader({
    content,
    translate,
    present: flow.present,
    ...(options.understand ? { understand: options.understand } : {}),
    ...(options.parsers ? { parsers: options.parsers } : {}),
  });
  const asides = createAsideReader({
    content,
    translate,
    stepOf: (id) => flows.steps.get(id)?.step,
    ...(options.understand ? { understand: options.understand } : {}),
  });
  const localeNames = [...content.locales.keys()];
  // Languages whose SMS go without accents GSM-7 lacks (a per-language setting in content).
  const plainLetterLocales = new Set(localeNames.filter((l) => content.locales.get(l)?.messages.get('settings.sms_plain_letters')?.text === 'yes'));
  const kit: TurnKit = {
    translate,
    localeNames,
    flow,
    answers,
    asides,
    menuFlow: options.menuFlow,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    ...(options.screen ? { screen: options.screen } : {}),
    ...(options.campaigns ? { campaigns: options.campaigns } : {}),
  };

  async function runTurn(input: TurnInput): Promise<TurnResult> {
    const { session: stored, now } = input;
    const event = 'event' in input ? input.event : eventOf(input.message);
    if (event.kind === 'follow_up_due' && !stored) {
      // The conversation was erased or has expired: nothing to follow up, and nothing left to keep.
      const dropped: AnalyticsEvent = { name: 'follow_up_dropped', props: { follow_up: event.followUp, reason: 'no_conversation' } };
      return { replies: [], session: null, events: [dropped], actions: [{ type: 'cancel_follow_ups' }], handledBy: null };
    }
    const events: AnalyticsEvent[] = [];
    const session: Session = stored ? copySession(stored) : newSession(content.defaultLocale, flows.version, now);
    if (!stored) events.push({ name: 'conversation_started' });
    session.lastSeenAt = now;
    const text = event.kind === 'text' ? event.text.slice(0, MAX_READ).trim() : '';
    const ctx: TurnContext = {
      event,
      now,
      lastSeenAt: stored?.lastSeenAt ?? null,
      text,
      command: text ? readCommand(text, session.locale) : null,
      session,
      erase: false,
      replies: [],
      events,
      actions: [],
      kit,
      say: (key, params) => translate(ctx.session.locale)(key, params),
    };
    const handledBy = await runStages(STAGES, ctx);
    tagWithConversation(events, ctx.session);
    const replies = plainLetterLocales.has(ctx.session.locale) ? ctx.replies.map((r) => ({ ...r, smsPlainLetters: true as const })) : ctx.replies;
    return { replies, session: ctx.erase ? null : ctx.session, events, actions: ctx.actions, handledBy };
  }

  return { runTurn, locales: localeNames, flowsVersion: flows.version };
}

/**
 * Every anonymous event carries the conversation's language, and of a conversation a campaign started that
 * campaign, so reports can count by them. An event that names a campaign of its own (another ad reaching a
 * tagged conversation) keeps it.
 */
function tagWithConversation(events: AnalyticsEvent[], session: Session): void {
  const campaign = session.campaign ? { campaign: session.campaign, ...(session.campaignStatus ? { campaign_status: session.campaignStatus } : {}) } : {};
  for (const event of events) event.props = { language: session.locale, ...(event.props?.campaign === undefined ? campaign : {}), ...event.props };
}

/** A message from a channel as a turn event: the carrier's opt-out handling wins over any words. */
function eventOf(message: InboundText): TurnEvent {
  if (message.carrierOptOut) return { kind: 'carrier_opt_out', action: message.carrierOptOut };
  return {
    kind: 'text',
    text: message.text,
    ...(message.mediaCount !== undefined ? { mediaCount: message.mediaCount } : {}),
    ...(message.referral ? { referral: message.referral } : {}),
    ...(message.replyOnly ? { replyOnly: true } : {}),
  };
}
