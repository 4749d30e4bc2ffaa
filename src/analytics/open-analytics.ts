import type { Config } from '../config.js';
import type { Database } from '../records/database.js';
import { createAnalyticsRecorder, type AnalyticsRecorder } from './analytics-recorder.js';
import { startAnalyticsMaintenance } from './analytics-maintenance.js';
import { insertAnalyticsRecords } from './analytics-store.js';
import { createEventBuffer } from './event-buffer.js';

export interface OpenAnalyticsOptions {
  config: Pick<Config, 'analytics'>;
  /** The records database (opened on first use). */
  database: () => Promise<Database>;
  /** The follow-up kinds the flows schedule. */
  followUps: Iterable<string>;
  /** content/settings.yaml analytics_retention_months; null when this process does no housekeeping (the worker). */
  retentionMonths: number | null;
  warn: (message: string, detail?: Record<string, unknown>) => void;
  /** Counted for /metrics: events written, dropped (buffer full, shutdown) and refused (not a known category). */
  count?: { written?(n: number): void; dropped?(n: number, reason: string): void; refused?(n: number): void };
  buffer?: { flushEveryMs?: number; batchSize?: number; capacity?: number };
}

export type Analytics = AnalyticsRecorder & { flush(): Promise<void>; pending(): number; maintain(): Promise<void>; close(): Promise<void> };

/**
 * Analytics as a process runs them: a recorder the hot path calls, a buffer writing batches to the records
 * database, and (in the server) the weekly roll-up and purge on an interval. Null when analytics are off.
 */
export function openAnalytics(options: OpenAnalyticsOptions): Analytics | null {
  const { key, enabled } = options.config.analytics;
  if (!enabled || !key) return null;
  let lastWarning = 0;
  const buffer = createEventBuffer({
    ...options.buffer,
    write: async (records) => insertAnalyticsRecords(await options.database(), records),
    onWritten: (n) => options.count?.written?.(n),
    onDropped: (n, reason) => {
      options.count?.dropped?.(n, reason);
      options.warn('analytics events dropped', { count: n, reason });
    },
    onError: (error) => {
      // While the database is away this repeats with each retry: once a minute in the log is enough.
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      options.warn('analytics events could not be written yet; kept and retried', { error: error instanceof Error ? error.message : String(error), waiting: buffer.size() });
    },
  });
  const recorder = createAnalyticsRecorder({ key, buffer, followUps: options.followUps, onRefused: (n) => options.count?.refused?.(n) });
  const maintenance =
    options.retentionMonths === null
      ? null
      : startAnalyticsMaintenance({
          database: options.database,
          retentionMonths: options.retentionMonths,
          onError: (error) => options.warn('analytics roll-up or purge failed; tried again later', { error: error instanceof Error ? error.message : String(error) }),
        });
  return {
    ...recorder,
    flush: () => buffer.flush(),
    pending: () => buffer.size(),
    maintain: async () => {
      await buffer.flush();
      await maintenance?.run();
    },
    async close() {
      await maintenance?.stop();
      await buffer.close();
    },
  };
}
