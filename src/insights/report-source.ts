import type { ReportName, ReportQuery, ReportTable } from './report-types.js';

export type QueryCheck = { ok: true; query: ReportQuery } | { ok: false; message: string };

/** Where the insights pages, the CSV API and the report CLI get their tables: checked queries, suppressed rows. */
export interface ReportSource {
  check(input: unknown): QueryCheck;
  run(name: ReportName, query: ReportQuery): Promise<ReportTable>;
}

/** The reports in the order the page, the CSV API and the board paper show them. */
export const REPORT_ORDER: readonly ReportName[] = ['conversations_by_week', 'journey_funnel', 'checkin_bands', 'life_events', 'activity_searches', 'followup_outcomes', 'followups_delivery'];

/** Every report for one query, in order. */
export function runAll(source: ReportSource, query: ReportQuery): Promise<ReportTable[]> {
  return Promise.all(REPORT_ORDER.map((name) => source.run(name, query)));
}
