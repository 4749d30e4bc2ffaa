import { z } from 'zod';
import { CHECKIN_BANDS } from '../content/content-schema.js';
import type { Queryable } from '../records/database.js';
import { JOURNEY_STAGES } from './analytics-record.js';
import type { ReportQuery } from './report-query.js';
import { SMALL_NUMBER, SUPPRESSED, suppressRow, type ColumnRule, type RawRow } from './suppress.js';

export { validateReportQuery, reportQuerySchema, type ReportQuery, type ReportQueryCheck, type ReportQueryContext } from './report-query.js';

export const reportNameSchema = z.enum([
  'conversations_by_week',
  'journey_funnel',
  'checkin_bands',
  'life_events',
  'activity_searches',
  'followup_outcomes',
  'followups_delivery',
]);
export type ReportName = z.infer<typeof reportNameSchema>;
export const REPORT_NAMES: readonly ReportName[] = reportNameSchema.options;

export const reportColumnSchema = z.object({ key: z.string(), label: z.string(), kind: z.enum(['text', 'count', 'share', 'number']) });
export const reportTableSchema = z.object({
  name: reportNameSchema,
  title: z.string(),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  note: z.string().optional(),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;
export type ReportTable = z.infer<typeof reportTableSchema>;

/**
 * Words for titles, labels and notes: `reports.*` in content (pass the content's translator). Without it the
 * report's and columns' own keys are used, and the notes' content keys.
 */
export type ReportWords = (key: string, params?: Record<string, string | number>) => string;

interface ReportDefinition {
  /** Selects from the report's view (src/records/migrations.ts) with the range and filters as $1…$5. */
  sql: string;
  columns: readonly ColumnRule[];
  /** The distinct people behind a row: when small, the whole row is suppressed. */
  people?: string;
  /** Rows always shown, in this order, when there is any data (a funnel step nobody reached still shows). */
  fixed?: { key: string; values: readonly string[] };
}

/** Range and filters, the same for every view: weeks touching the range, then campaign, channel, language. */
const WHERE = `week >= date_trunc('week', $1::date)::date AND week <= $2::date
  AND ($3::text IS NULL OR campaign = $3) AND ($4::text IS NULL OR channel = $4) AND ($5::text IS NULL OR language = $5)`;

const ratio = (top: string, bottom: string, digits: number) => (row: RawRow) => {
  const b = Number(row[bottom]);
  return b > 0 ? round(Number(row[top]) / b, digits) : null;
};

const DEFINITIONS: Record<ReportName, ReportDefinition> = {
  conversations_by_week: {
    sql: `SELECT to_char(week, 'YYYY-MM-DD') AS week, channel, language, campaign, sum(conversations)::int AS conversations
          FROM report_conversations_by_week WHERE ${WHERE} GROUP BY week, channel, language, campaign ORDER BY week, channel, language, campaign`,
    columns: [
      { kind: 'text', key: 'week' },
      { kind: 'text', key: 'channel' },
      { kind: 'text', key: 'language' },
      { kind: 'text', key: 'campaign' },
      { kind: 'count', key: 'conversations' },
    ],
  },
  journey_funnel: {
    sql: `WITH stages AS (SELECT stage, sum(people)::int AS people FROM report_journey_funnel WHERE ${WHERE} GROUP BY stage)
          SELECT s.stage, s.people, (SELECT people FROM stages WHERE stage = 'start') AS starts FROM stages s`,
    columns: [
      { kind: 'text', key: 'stage' },
      { kind: 'count', key: 'people' },
      { kind: 'share', key: 'share_of_start', uses: ['people', 'starts'], compute: ratio('people', 'starts', 3) },
    ],
    fixed: { key: 'stage', values: ['start', ...JOURNEY_STAGES] },
  },
  checkin_bands: {
    sql: `SELECT band, sum(people)::int AS people FROM report_checkin_bands WHERE ${WHERE} GROUP BY band`,
    columns: [
      { kind: 'text', key: 'band' },
      { kind: 'count', key: 'people' },
    ],
    fixed: { key: 'band', values: CHECKIN_BANDS },
  },
  life_events: {
    sql: `SELECT life_event, sum(people)::int AS people FROM report_life_events WHERE ${WHERE}
          GROUP BY life_event ORDER BY sum(people) >= ${SMALL_NUMBER} DESC, CASE WHEN sum(people) >= ${SMALL_NUMBER} THEN sum(people) END DESC, life_event`,
    columns: [
      { kind: 'text', key: 'life_event' },
      { kind: 'count', key: 'people' },
    ],
  },
  activity_searches: {
    sql: `SELECT district, sum(searches)::int AS searches, sum(nothing_nearby)::int AS nothing_nearby, sum(people)::int AS people
          FROM report_activity_searches WHERE ${WHERE}
          GROUP BY district ORDER BY sum(people) >= ${SMALL_NUMBER} DESC, CASE WHEN sum(people) >= ${SMALL_NUMBER} THEN sum(searches) END DESC, district`,
    columns: [
      { kind: 'text', key: 'district' },
      { kind: 'count', key: 'searches' },
      { kind: 'count', key: 'nothing_nearby' },
      { kind: 'share', key: 'nothing_nearby_share', uses: ['searches', 'nothing_nearby'], compute: ratio('nothing_nearby', 'searches', 3) },
    ],
    people: 'people',
  },
  followup_outcomes: {
    sql: `SELECT follow_up, sum(people)::int AS people, sum(amount_sum)::int AS amount_sum, sum(amount_count)::int AS amount_count,
                 sum(improved)::int AS improved, sum(same)::int AS same, sum(worse)::int AS worse
          FROM report_followup_outcomes WHERE ${WHERE} GROUP BY follow_up ORDER BY follow_up`,
    columns: [
      { kind: 'text', key: 'follow_up' },
      { kind: 'count', key: 'people' },
      { kind: 'number', key: 'mean_change', uses: ['people', 'amount_count'], compute: ratio('amount_sum', 'amount_count', 2) },
      { kind: 'count', key: 'improved' },
      { kind: 'count', key: 'same' },
      { kind: 'count', key: 'worse' },
    ],
    people: 'people',
  },
  followups_delivery: {
    sql: `SELECT to_char(week, 'YYYY-MM-DD') AS week,
                 coalesce(sum(people) FILTER (WHERE stage = 'sent'), 0)::int AS sent,
                 coalesce(sum(people) FILTER (WHERE stage = 'delivered'), 0)::int AS delivered,
                 coalesce(sum(people) FILTER (WHERE stage = 'answered'), 0)::int AS answered
          FROM report_followups_delivery WHERE ${WHERE} GROUP BY week ORDER BY week`,
    columns: [
      { kind: 'text', key: 'week' },
      { kind: 'count', key: 'sent' },
      { kind: 'count', key: 'delivered' },
      { kind: 'count', key: 'answered' },
    ],
  },
};

/**
 * One report for a checked query (validateReportQuery): its rows with small numbers suppressed, ready for the
 * page, the CSV and the board paper. Reads the weekly aggregates, so it answers the same before and after the
 * raw events are purged; an empty range gives no rows and a note saying so.
 */
export async function runReport(db: Queryable, name: ReportName, query: ReportQuery, words?: ReportWords): Promise<ReportTable> {
  const say = (key: string, fallback: string, params?: Record<string, string | number>) => words?.(`reports.${key}`, params) || fallback;
  const definition = DEFINITIONS[name];
  const params = [query.from, query.to, query.campaign ?? null, query.channel ?? null, query.language ?? null];
  const found = await db.query<RawRow>(definition.sql, params);
  const raw = found.length && definition.fixed ? inFixedOrder(found, definition.fixed) : found;
  return {
    name,
    title: say(`${name}.title`, name),
    columns: definition.columns.map((c) => ({ key: c.key, label: say(`${name}.columns.${c.key}`, c.key), kind: c.kind })),
    rows: raw.map((row) => suppressRow(definition.columns, row, definition.people)),
    note: raw.length ? say('notes.suppressed', 'reports.notes.suppressed', { small: SMALL_NUMBER, shown: SUPPRESSED }) : say('notes.empty', 'reports.notes.empty', { from: query.from, to: query.to }),
  };
}

/** Every fixed row in its place; one nobody reached has no counts, which suppression treats as zero. */
function inFixedOrder(rows: RawRow[], fixed: NonNullable<ReportDefinition['fixed']>): RawRow[] {
  const byKey = new Map(rows.map((r) => [String(r[fixed.key]), r]));
  return fixed.values.map((value) => byKey.get(value) ?? { [fixed.key]: value });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
