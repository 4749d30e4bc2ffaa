import { REPORT_NAMES, runReport, validateReportQuery, type ReportName, type ReportQuery, type ReportQueryCheck, type ReportTable } from '../analytics/reports.js';
import type { Translate } from '../content/translate.js';
import type { Database } from '../records/database.js';

/** Where the insights pages, the CSV API and the report CLI get their tables: checked queries, suppressed rows. */
export interface ReportSource {
  check(input: unknown): ReportQueryCheck;
  run(name: ReportName, query: ReportQuery): Promise<ReportTable>;
}

/** The analytics reports on the records database, with words from content and the campaigns of the live bot. */
export function analyticsReports(options: { db: () => Promise<Database>; campaigns: () => readonly string[]; t: Translate; today?: () => Date }): ReportSource {
  return {
    check: (input) => validateReportQuery(input, { campaigns: options.campaigns(), t: options.t, ...(options.today ? { today: options.today() } : {}) }),
    run: async (name, query) => runReport(await options.db(), name, query, options.t),
  };
}

/** Every report for one query, in the order the page and the board paper show them. */
export function runAll(source: ReportSource, query: ReportQuery): Promise<ReportTable[]> {
  return Promise.all(REPORT_NAMES.map((name) => source.run(name, query)));
}
