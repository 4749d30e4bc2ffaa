import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { Channel } from '../conversation/reply.js';
import { analyticsRecordSchema, JOURNEY_STAGES, type AnalyticsRecord } from './analytics-record.js';

export interface RecordContext {
  /** The conversation's id: only its monthly pseudonym is kept. */
  conversationId: string;
  at: Date;
  channel?: Channel;
  /** A resident's message (the webhook) or a follow-up the bot sent (the worker). */
  turn: 'resident' | 'follow_up';
  pseudonymise: (conversationId: string, at: Date) => string;
  /** The follow-up kinds (each the name of its flow): a resident's step in one is an answer to it. */
  followUps: ReadonlySet<string>;
}

const STAGES: ReadonlySet<string> = new Set(JOURNEY_STAGES);
/** Saved answers the reports count, by the event they become (flows name them under `report:`). */
const ANSWERS: Record<string, 'checkin_band' | 'life_event' | 'age_band'> = { band: 'checkin_band', event: 'life_event', age: 'age_band' };
/** The change in the ONS score is saved by the recheck follow-up (flows/recheck.yaml). */
const OUTCOMES: Record<string, string> = { score_change: 'recheck' };

/**
 * A turn's engine events as rows for the analytics table. Only what the reports need is carried over, and
 * every row is checked against its schema, so a value that is not a known category, a district or a count
 * (anything a resident could have typed) is dropped, never stored. Returns the rows and how many were refused.
 * It runs on every turn before the reply goes, so it allocates little: one row object per kept fact.
 */
export function toAnalyticsRecords(events: readonly AnalyticsEvent[], context: RecordContext): { records: AnalyticsRecord[]; refused: number } {
  const { at } = context;
  const pseudonym = context.pseudonymise(context.conversationId, at);
  const channel = context.channel ?? '';
  const records: AnalyticsRecord[] = [];
  let refused = 0;
  const add = (event: string, detail: unknown, amount: unknown, props: AnalyticsEvent['props']) => {
    // A fact without an amount counts once a turn (a turn may pass several steps of one flow); a handful of
    // rows at most, so a scan is cheaper than a set of keys.
    if (amount === null) for (const r of records) if (r.event === event && r.detail === detail) return;
    const candidate = { at, pseudonym, event, channel, language: props?.language ?? '', campaign: props?.campaign ?? '', detail, amount };
    if (isValid(candidate)) records.push(candidate as AnalyticsRecord);
    else refused += 1;
  };
  for (const { name, props } of events) {
    switch (name) {
      case 'conversation_started':
        add('conversation_started', '', null, props);
        break;
      case 'step_entered': {
        const step = String(props?.step ?? '');
        const dot = step.indexOf('.');
        const flow = dot < 0 ? step : step.slice(0, dot);
        if (STAGES.has(flow)) add('stage_reached', flow, null, props);
        if (context.turn === 'resident' && context.followUps.has(flow)) add('follow_up_answered', flow, null, props);
        break;
      }
      case 'answer_saved': {
        const answer = String(props?.name);
        if (ANSWERS[answer]) add(ANSWERS[answer], props?.value, null, props);
        if (OUTCOMES[answer]) add('follow_up_outcome', OUTCOMES[answer], Number(props?.value), props);
        break;
      }
      case 'activity_search':
        add('activity_search', props?.district, props?.found, props);
        break;
      case 'follow_up_agreed':
        add('follow_up_agreed', props?.follow_up, null, props);
        break;
      case 'follow_up_sent':
        if (context.turn === 'follow_up') add('follow_up_sent', props?.follow_up, null, props);
        break;
    }
  }
  return { records, refused };
}

/**
 * Every row is checked against its schema. The values that vary (event, detail, amount and dimensions) come from
 * a small set of categories, so a combination once found valid is remembered rather than parsed on every turn;
 * the pseudonym and time are made here, never taken from the events. Only text values and a whole-number (or
 * no) amount are remembered: valid text never holds the separator, so no other combination can share a key.
 */
const KNOWN_VALID = new Set<string>();
const MAX_KNOWN = 10_000;
function isValid(candidate: { event: string; detail: unknown; amount: unknown; channel: string; language: unknown; campaign: unknown }): boolean {
  const { event, detail, amount, channel, language, campaign } = candidate;
  const rememberable = typeof detail === 'string' && typeof language === 'string' && typeof campaign === 'string' && (amount === null || Number.isInteger(amount));
  const key = rememberable ? `${event}\u0000${detail}\u0000${amount}\u0000${channel}\u0000${language}\u0000${campaign}` : null;
  if (key !== null && KNOWN_VALID.has(key)) return true;
  if (!analyticsRecordSchema.safeParse(candidate).success) return false;
  if (key === null) return true;
  if (KNOWN_VALID.size >= MAX_KNOWN) KNOWN_VALID.clear();
  KNOWN_VALID.add(key);
  return true;
}
