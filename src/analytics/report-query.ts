import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));

/** What an analyst asks for: a date range (UK dates, inclusive) and optional filters. */
export const reportQuerySchema = z.object({
  from: isoDate,
  to: isoDate,
  campaign: z.string().optional(),
  channel: channelSchema.optional(),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The longest range a report covers: longer would mostly be weeks with nothing kept. */
export const MAX_RANGE_YEARS = 5;

export interface ReportQueryContext {
  /** The campaign ids of content/campaigns.yaml. */
  campaigns: readonly string[];
  /** Today, for "in the future" (tests fix it). */
  today?: Date;
  /** Words from content (`reports.invalid.*`); the key itself when absent. */
  t?: (key: string, params?: Record<string, string | number>) => string;
}

export type ReportQueryCheck = { ok: true; query: ReportQuery } | { ok: false; message: string };

/**
 * Check a query from a form, a URL or the command line: a calm message for each mistake an analyst can make
 * (a backwards or future range, one too long, a campaign that does not exist), never an exception.
 */
export function validateReportQuery(input: unknown, context: ReportQueryContext): ReportQueryCheck {
  const say = (key: string, params?: Record<string, string | number>) => context.t?.(`reports.invalid.${key}`, params) || `reports.invalid.${key}`;
  const parsed = reportQuerySchema.safeParse(withoutBlanks(input));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    return { ok: false, message: say(field === 'channel' || field === 'language' ? field : 'date') };
  }
  const query = parsed.data;
  const today = (context.today ?? new Date()).toISOString().slice(0, 10);
  if (query.from > query.to) return { ok: false, message: say('backwards', { from: query.from, to: query.to }) };
  if (query.from > today) return { ok: false, message: say('future', { from: query.from }) };
  const limit = `${Number(query.from.slice(0, 4)) + MAX_RANGE_YEARS}${query.from.slice(4)}`;
  if (query.to > limit) return { ok: false, message: say('too_long', { years: MAX_RANGE_YEARS }) };
  if (query.campaign && !context.campaigns.includes(query.campaign)) {
    return { ok: false, message: say('unknown_campaign', { campaign: query.campaign, campaigns: context.campaigns.join(', ') }) };
  }
  return { ok: true, query: { ...query, to: query.to > today ? today : query.to } };
}

/** A form sends empty fields for "any": those are left out rather than refused. */
function withoutBlanks(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '' && v !== undefined && v !== null));
}
