import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAnalyticsRecords } from '../../src/analytics/analytics-store.js';
import { runReport, REPORT_NAMES, type ReportQuery } from '../../src/analytics/reports.js';
import { refreshWeeklyRollup } from '../../src/analytics/weekly-rollup.js';
import type { Database } from '../../src/records/database.js';
import { people } from '../support/analytics-people.js';
import { RECORDS_BACKENDS } from '../support/records-backends.js';

const JANUARY: ReportQuery = { from: '2027-01-01', to: '2027-01-31' };
const WEEK_2 = new Date('2027-01-12T09:00:00Z');

for (const backend of RECORDS_BACKENDS) {
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

    it('counts check-in bands and life events by people, each band shown even when nobody had it', async () => {
      await load(
        [25, { event: 'checkin_band', detail: 'high' }],
        [4, { event: 'checkin_band', detail: 'low' }],
        [13, { event: 'life_event', detail: 'bereavement' }],
        [31, { event: 'life_event', detail: 'job_loss' }],
        [2, { event: 'life_event', detail: 'coming_out' }],
        [5, { event: 'life_event', detail: 'caring' }, 50],
      );
      expect((await runReport(db, 'checkin_bands', JANUARY)).rows).toEqual([
        { band: 'low', people: '<10' },
        { band: 'some', people: '<10' },
        { band: 'high', people: 25 },
      ]);
      expect((await runReport(db, 'life_events', JANUARY)).rows).toEqual([
        { life_event: 'job_loss', people: 31 },
        { life_event: 'bereavement', people: 13 },
        { life_event: 'caring', people: '<10' },
        { life_event: 'coming_out', people: '<10' },
      ]);
    });

    it('shows activity searches by district with the share finding nothing nearby, hiding districts with under 10 people', async () => {
      await load(
        [30, { event: 'activity_search', detail: 'DN15', amount: 3 }],
        [12, { event: 'activity_search', detail: 'DN15', amount: 0 }, 30],
        [20, { event: 'activity_search', detail: 'DN16', amount: 0 }],
        [3, { event: 'activity_search', detail: 'DN16', amount: 2 }, 20],
        [6, { event: 'activity_search', detail: 'DN17', amount: 0 }],
      );
      expect((await runReport(db, 'activity_searches', JANUARY)).rows).toEqual([
        { district: 'DN15', searches: 42, nothing_nearby: 12, nothing_nearby_share: 0.286 },
        { district: 'DN16', searches: 23, nothing_nearby: 20, nothing_nearby_share: 0.87 },
        { district: 'DN17', searches: '<10', nothing_nearby: '<10', nothing_nearby_share: null },
      ]);
    });

    it('gives the change in the ONS score at the recheck with a mean, and no mean from under 10 people', async () => {
      await load(
        [6, { event: 'follow_up_outcome', detail: 'recheck', amount: -2 }],
        [4, { event: 'follow_up_outcome', detail: 'recheck', amount: 0 }, 6],
        [2, { event: 'follow_up_outcome', detail: 'recheck', amount: 1 }, 10],
      );
      expect((await runReport(db, 'followup_outcomes', JANUARY)).rows).toEqual([
        { follow_up: 'recheck', people: 12, mean_change: -0.83, improved: '<10', same: '<10', worse: '<10' },
      ]);
      await db.query('DELETE FROM analytics_events');
      await db.query('DELETE FROM analytics_weekly');
      await load([9, { event: 'follow_up_outcome', detail: 'recheck', amount: -3 }]);
      expect((await runReport(db, 'followup_outcomes', JANUARY)).rows).toEqual([
        { follow_up: 'recheck', people: '<10', mean_change: null, improved: '<10', same: '<10', worse: '<10' },
      ]);
    });

    it('counts follow-ups sent, delivered and answered by week', async () => {
      await load(
        [20, { event: 'follow_up_sent', detail: 'recheck' }],
        [18, { event: 'follow_up_delivered', detail: 'recheck', channel: '' }],
        [7, { event: 'follow_up_answered', detail: 'recheck' }],
        [11, { event: 'follow_up_sent', detail: 'did_you_go', at: WEEK_2 }, 100],
      );
      expect((await runReport(db, 'followups_delivery', JANUARY)).rows).toEqual([
        { week: '2027-01-04', sent: 20, delivered: 18, answered: '<10' },
        { week: '2027-01-11', sent: 11, delivered: '<10', answered: '<10' },
      ]);
    });

    it('filters by channel and language', async () => {
      await load([11, { event: 'life_event', detail: 'caring', channel: 'whatsapp', language: 'pl' }], [15, { event: 'life_event', detail: 'caring' }, 20]);
      expect((await runReport(db, 'life_events', { ...JANUARY, channel: 'whatsapp' })).rows).toEqual([{ life_event: 'caring', people: 11 }]);
      expect((await runReport(db, 'life_events', { ...JANUARY, language: 'en' })).rows).toEqual([{ life_event: 'caring', people: 15 }]);
      expect((await runReport(db, 'life_events', { ...JANUARY, language: 'ur' })).rows).toEqual([]);
    });

    it('labels columns and titles from content words', async () => {
      const words = (key: string) => ({ 'reports.life_events.title': 'Life events', 'reports.life_events.columns.people': 'People' })[key] ?? '';
      const table = await runReport(db, 'life_events', JANUARY, words);
      expect(table.title).toBe('Life events');
      expect(table.columns).toEqual([
        { key: 'life_event', label: 'life_event', kind: 'text' },
        { key: 'people', label: 'People', kind: 'count' },
      ]);
    });
  });
}
