import { z } from 'zod';
import { AGE_BANDS, CHECKIN_BANDS, LIFE_EVENTS } from '../content/content-schema.js';

/** The journey stages the funnel counts: the flows a resident can reach from the menu. */
export const JOURNEY_STAGES = ['welcome', 'checkin', 'tips', 'activities', 'talk', 'callback'] as const;

/** A postcode district ("DN15", "SW1A"), never more of the postcode. */
export const districtSchema = z.string().regex(/^[A-Z]{1,2}[0-9][0-9A-Z]?$/);

const name = z.string().regex(/^[a-z0-9_]{1,40}$/);
/** Dimensions every row carries; '' when not known. */
const dimensions = {
  at: z.date(),
  pseudonym: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  channel: z.union([z.enum(['sms', 'whatsapp']), z.literal('')]),
  language: z.union([z.string().regex(/^[a-z]{2,3}$/), z.literal('')]),
  campaign: z.union([name, z.literal('')]),
};

/**
 * One stored anonymous fact. Each kind says exactly what `detail` and `amount` may hold, so nothing a resident
 * wrote (and no number) can reach the table: every value is a category from the flows, a district or a count.
 */
export const analyticsRecordSchema = z.discriminatedUnion('event', [
  z.object({ ...dimensions, event: z.literal('conversation_started'), detail: z.literal(''), amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('stage_reached'), detail: z.enum(JOURNEY_STAGES), amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('checkin_band'), detail: z.enum(CHECKIN_BANDS), amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('life_event'), detail: z.enum(LIFE_EVENTS), amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('age_band'), detail: z.enum(AGE_BANDS), amount: z.null() }),
  /** amount: how many activities were found near the district (0: nothing nearby). */
  z.object({ ...dimensions, event: z.literal('activity_search'), detail: districtSchema, amount: z.number().int().min(0) }),
  z.object({ ...dimensions, event: z.literal('follow_up_agreed'), detail: name, amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('follow_up_sent'), detail: name, amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('follow_up_delivered'), detail: name, amount: z.null() }),
  z.object({ ...dimensions, event: z.literal('follow_up_answered'), detail: name, amount: z.null() }),
  /** amount: the change in the ONS 3–9 score since the check-in (negative: less lonely). */
  z.object({ ...dimensions, event: z.literal('follow_up_outcome'), detail: name, amount: z.number().int().min(-6).max(6) }),
]);
export type AnalyticsRecord = z.infer<typeof analyticsRecordSchema>;
export type AnalyticsEventName = AnalyticsRecord['event'];
