import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAnalyticsRecords } from '../../src/analytics/analytics-store.js';
import { runReport, REPORT_NAMES, type ReportQuery } from '../../src/analytics/reports.js';
import { refreshWeeklyRollup } from '../../src/analytics/weekly-rollup.js';
import type { Database } from '../../src/records/database.js';
import { ANALYTICS_BACKENDS, people } from '../support/analytics-backends.js';

const JANUARY: ReportQuery = { from: '2027-01-01', to: '2027-01-31' };
const WEEK_2 = new Date('2027-01-12T09:00:00Z');

for (const backend of ANALYTICS_BACKENDS) {
  describe(`reports on fixed data: ${backend.name}`, () => {
    let db: Database;
    let done: () => Promise<void>;
    beforeAll(async () => ({ db, done } = await backend.open()), 120_000);
    afterAll(() => done?.());
    beforeEach(async () => {
      await db.query('DELETE FROM analytics_events');
      await db.query('DELETE FROM analytics_weekly');
    });
    const load = async (...groups: Parameters<typeof people>[]) => {
      await insertAnalyticsRecords(db, groups.flatMap((g) => people(...g)));
      await refreshWeeklyRollup(db);
    };

    it('gives no rows and a note for every report when nothing was recorded', async () => {
      for (const name of REPORT_NAMES) {
        const table = await runReport(db, name, JANUARY, (key) => (key === 'reports.notes.empty' ? 'Nothing recorded' : ''));
        expect(table.rows).toEqual([]);
        expect(table.note).toBe('Nothing recorded');
      }
    });

    it('counts new conversations by week, channel, language and campaign, showing under 10 as "<10"', async () => {
      await load(
        [12, { event: 'conversation_started', campaign: 'gp_poster' }],
        [3, { event: 'conversation_started', channel: 'whatsapp', language: 'pl' }, 100],
        [15, { event: 'conversation_started', at: WEEK_2 }, 200],
      );
      const table = await runReport(db, 'conversations_by_week', JANUARY);
      expect(table.columns.map((c) => c.key)).toEqual(['week', 'channel', 'language', 'campaign', 'conversations']);
      expect(table.rows).toEqual([
        { week: '2027-01-04', channel: 'sms', language: 'en', campaign: 'gp_poster', conversations: 12 },
        { week: '2027-01-04', channel: 'whatsapp', language: 'pl', campaign: null, conversations: '<10' },
        { week: '2027-01-11', channel: 'sms', language: 'en', campaign: null, conversations: 15 },
      ]);
      const filtered = await runReport(db, 'conversations_by_week', { ...JANUARY, campaign: 'gp_poster' });
      expect(filtered.rows).toEqual([{ week: '2027-01-04', channel: 'sms', language: 'en', campaign: 'gp_poster', conversations: 12 }]);
      expect((await runReport(db, 'conversations_by_week', { from: '2027-02-01', to: '2027-02-28' })).rows).toEqual([]);
    });

    it('shows the journey as a funnel with shares of those who started, none from under 10 people', async () => {
      await load(
        [40, { event: 'conversation_started' }],
        [30, { event: 'stage_reached', detail: 'welcome' }],
        [20, { event: 'stage_reached', detail: 'checkin' }],
        [9, { event: 'stage_reached', detail: 'talk' }],
      );
      const table = await runReport(db, 'journey_funnel', JANUARY);
      expect(table.rows).toEqual([
        { stage: 'start', people: 40, share_of_start: 1 },
        { stage: 'welcome', people: 30, share_of_start: 0.75 },
        { stage: 'checkin', people: 20, share_of_start: 0.5 },
        { stage: 'tips', people: '<10', share_of_start: null },
        { stage: 'activities', people: '<10', share_of_start: null },
        { stage: 'talk', people: '<10', share_of_start: null },
        { stage: 'callback', people: '<10', share_of_start: null },
      ]);
    });
  });
}
