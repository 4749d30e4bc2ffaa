import type { Translate } from '../../content/translate.js';
import type { Scalar } from '../../flow/flow-schema.js';
import type { AnalyticsEvent } from '../analytics-event.js';
import type { Command } from '../commands.js';
import type { Reply } from '../reply.js';
import type { Session } from '../session.js';
import type { FlowDriver } from './flow-driver.js';
import type { AsideReader } from './read-aside.js';
import type { AnswerReader } from './read-answer.js';
import type { AdReferral, TurnEvent, TurnEventKind, TurnEventOf } from './turn-event.js';

/** Reads a message for signs someone may be at risk; the category names the help to give (`safety.<category>.*`). */
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

/** A campaign a message points to: by its keyword (in the keyword's language) or by the ad it came from. */
export interface CampaignMatch {
  campaign: string;
  via: 'keyword' | 'referral';
  locale?: string;
}
/** How a campaign starts on a given day; outside its dates it gets the ordinary welcome, tagged as such. */
export interface CampaignEntry {
  flow: string;
  /** Content keys said before the flow starts. */
  say: readonly string[];
  status: 'active' | 'expired' | 'upcoming';
}
/** The configured campaigns, as the turn reads them (built from content/campaigns.yaml by src/campaigns). */
export interface CampaignFinder {
  find(text: string, referral?: AdReferral): CampaignMatch | null;
  entry(campaign: string, now: number): CampaignEntry | null;
}

/** Settings the stages read; plain numbers so the engine stays free of config loading. */
export interface TurnSettings {
  /** Silence after which a resident mid-conversation is welcomed back rather than asked a stale question. */
  reentryAfterMs: number;
}

/** What every stage may use: words, the flow, answer reading. Built once per engine, shared by every turn. */
export interface TurnKit {
  translate(locale: string): Translate;
  readonly localeNames: readonly string[];
  readonly flow: FlowDriver;
  readonly answers: AnswerReader;
  /** What an answer means when it doesn't answer its step. */
  readonly asides: AsideReader;
  readonly menuFlow: string;
  readonly settings: TurnSettings;
  readonly screen?: SafetyScreen;
  readonly campaigns?: CampaignFinder;
}

/** Something the host must do after the turn is committed; the engine itself does no I/O. */
export type HostAction =
  /** `vars` are the saved answers the follow-up needs then: anonymous scalars, never words. */
  | { type: 'schedule_follow_up'; followUp: string; dueAt: number; vars: Record<string, Scalar> }
  | { type: 'cancel_follow_ups' };

/** One turn in progress, apart from its event: the session being changed, and what the turn says and records. */
export interface TurnState {
  readonly now: number;
  /** When the conversation was last active before this turn; null for a new one. */
  readonly lastSeenAt: number | null;
  /** What the resident wrote, trimmed and bounded; empty for events without words. */
  readonly text: string;
  /** The text read as a command (STOP, MENU, a language's name…), or null. */
  readonly command: Command | { language: string } | { flow: string } | null;
  session: Session;
  /** Set when everything about the sender must be erased. */
  erase: boolean;
  readonly replies: Reply[];
  readonly events: AnalyticsEvent[];
  readonly actions: HostAction[];
  readonly kit: TurnKit;
  /** Words in the conversation's language. */
  say: Translate;
}

/** A turn as a stage sees it: narrowed to the kinds of event the stage accepts. */
export type TurnContext<K extends TurnEventKind = TurnEventKind> = TurnState & { readonly event: TurnEventOf<K> };

export type StageOutcome = 'done' | 'next';

/** One concern of a turn. Returning 'done' ends the turn; 'next' hands it to the following stage. */
export interface Stage<K extends TurnEventKind = TurnEventKind> {
  /** Equals the file name, so logs and tests name the stage that handled a turn. */
  readonly name: string;
  readonly accepts: readonly K[];
  run(ctx: TurnContext<K>): StageOutcome | Promise<StageOutcome>;
}

/** The runner only hands a stage the kinds it accepts, so the narrowed stage can stand in the common list. */
export function defineStage<K extends TurnEventKind>(stage: Stage<K>): Stage {
  return stage as unknown as Stage;
}

/** A stage failed: which one, for which kind of event (the cause is kept, its message never holds resident words). */
export class TurnError extends Error {
  constructor(
    readonly stage: string,
    readonly kind: TurnEvent['kind'],
    override readonly cause: unknown,
  ) {
    super(`turn failed in stage ${stage} (${kind}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'TurnError';
  }
}
