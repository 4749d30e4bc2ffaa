import type { Database } from '../records/database.js';
import { purgeExpiredEvents, refreshWeeklyRollup } from './weekly-rollup.js';

export interface AnalyticsMaintenanceOptions {
  database: () => Promise<Database>;
  retentionMonths: number;
  /** How often the weekly aggregates are brought up to date (and expired raw events purged). */
  everyMs?: number;
  /** Before the first run: a server just started has its records database still opening. */
  firstAfterMs?: number;
  onDone?: (result: { purged: number }) => void;
  onError?: (error: unknown) => void;
}

/**
 * The analytics' housekeeping, on an interval in the server: refresh the weekly aggregates the reports read,
 * then purge raw events past `analytics_retention_months`. Safe to run in several processes (a lock in the
 * database takes them in turn) and never overlapping itself.
 */
export function startAnalyticsMaintenance(options: AnalyticsMaintenanceOptions) {
  const { everyMs = 5 * 60_000, firstAfterMs = 10_000 } = options;
  let running: Promise<void> | null = null;
  const run = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const db = await options.database();
        await refreshWeeklyRollup(db);
        const purged = await purgeExpiredEvents(db, { retentionMonths: options.retentionMonths });
        options.onDone?.({ purged });
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = null;
      }
    })());
  const first = setTimeout(() => void run(), firstAfterMs);
  const timer = setInterval(() => void run(), everyMs);
  first.unref();
  timer.unref();
  return {
    /** Run now (tests, and `npm run report` before reading). */
    run,
    async stop(): Promise<void> {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
