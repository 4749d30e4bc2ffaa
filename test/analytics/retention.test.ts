import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsMaintenance } from '../../src/analytics/analytics-maintenance.js';
import { readAnalyticsRetention } from '../../src/analytics/analytics-settings.js';
import { insertAnalyticsRecords } from '../../src/analytics/analytics-store.js';
import { runReport } from '../../src/analytics/reports.js';
import { purgeExpiredEvents, refreshWeeklyRollup } from '../../src/analytics/weekly-rollup.js';
import type { Database } from '../../src/records/database.js';
import { people } from '../support/analytics-people.js';
import { RECORDS_BACKENDS } from '../support/records-backends.js';

const OLD = new Date('2026-01-06T12:00:00Z');
const RECENT = new Date('2027-02-02T12:00:00Z');
const NOW = new Date('2027-03-01T09:00:00Z');

for (const backend of RECORDS_BACKENDS) {
  describe(`analytics retention: ${backend.name}`, () => {
    let db: Database;
    let done: () => Promise<void>;
    beforeAll(async () => ({ db, done } = await backend.open()), 120_000);
    afterAll(() => done?.());

    it('purges raw events past the retention limit, and the reports still count those weeks from the weekly totals', async () => {
      await insertAnalyticsRecords(db, [
        ...people(14, { event: 'conversation_started', at: OLD }),
        ...people(11, { event: 'checkin_band', detail: 'high', at: OLD }),
        ...people(12, { event: 'conversation_started', at: RECENT }, 100),
      ]);
      // Not rolled up yet: the purge rolls up what it is about to delete before deleting it.
      const before = await runReport(db, 'conversations_by_week', { from: '2026-01-01', to: '2027-02-28' });
      expect(before.rows).toEqual([]);

      expect(await purgeExpiredEvents(db, { retentionMonths: 12, now: NOW })).toBe(25);
      const left = await db.query<{ at: Date }>('SELECT at FROM analytics_events');
      expect(left).toHaveLength(12);
      expect(left.every((r) => r.at.getTime() === RECENT.getTime())).toBe(true);

      await refreshWeeklyRollup(db);
      const after = await runReport(db, 'conversations_by_week', { from: '2026-01-01', to: '2027-02-28' });
      expect(after.rows.map((r) => [r.week, r.conversations])).toEqual([
        ['2026-01-05', 14],
        ['2027-02-01', 12],
      ]);
      expect((await runReport(db, 'checkin_bands', { from: '2026-01-01', to: '2026-01-31' })).rows).toEqual([
        { band: 'low', people: '<10' },
        { band: 'some', people: '<10' },
        { band: 'high', people: 11 },
      ]);
      expect(await purgeExpiredEvents(db, { retentionMonths: 12, now: NOW })).toBe(0);
    });

    it('runs the roll-up and purge as one job, which a late event in a rolled-up week still reaches', async () => {
      await db.query('DELETE FROM analytics_events');
      await db.query('DELETE FROM analytics_weekly');
      const job = startAnalyticsMaintenance({ database: async () => db, retentionMonths: 120, firstAfterMs: 60_000 });
      await insertAnalyticsRecords(db, people(10, { event: 'conversation_started', at: RECENT }));
      await job.run();
      await insertAnalyticsRecords(db, people(5, { event: 'conversation_started', at: RECENT }, 10));
      await job.run();
      await job.stop();
      const table = await runReport(db, 'conversations_by_week', { from: '2027-02-01', to: '2027-02-07' });
      expect(table.rows.map((r) => r.conversations)).toEqual([15]);
    });
  });
}

describe('analytics_retention_months', () => {
  it('is read from content/settings.yaml, with a clear problem for a value that is not a number of months', () => {
    expect(readAnalyticsRetention({ analytics_retention_months: 18 })).toEqual({ months: 18 });
    expect(readAnalyticsRetention({})).toEqual({ months: 24 });
    expect(readAnalyticsRetention({ analytics_retention_months: 'forever' }).problem).toMatch(/whole number of months from 1 to 120/);
    expect(readAnalyticsRetention({ analytics_retention_months: 0 }).months).toBe(24);
  });
});
